package testapps;

/** A deep call chain without any cycle: only select=all instruments it. */
public final class DeepChain {

    static int m1(int x) { return m2(x + 1) + 1; }
    static int m2(int x) { return m3(x + 1) + 1; }
    static int m3(int x) { return m4(x + 1) + 1; }
    static int m4(int x) { return m5(x + 1) + 1; }
    static int m5(int x) { return m6(x + 1) + 1; }
    static int m6(int x) { return m7(x + 1) + 1; }
    static int m7(int x) { return m8(x + 1) + 1; }
    static int m8(int x) { return m9(x + 1) + 1; }
    static int m9(int x) { return m10(x + 1) + 1; }
    static int m10(int x) { return m11(x + 1) + 1; }
    static int m11(int x) { return m12(x + 1) + 1; }
    static int m12(int x) { return m13(x + 1) + 1; }
    static int m13(int x) { return m14(x + 1) + 1; }
    static int m14(int x) { return m15(x + 1) + 1; }
    static int m15(int x) { return m16(x + 1) + 1; }
    static int m16(int x) { return m17(x + 1) + 1; }
    static int m17(int x) { return m18(x + 1) + 1; }
    static int m18(int x) { return m19(x + 1) + 1; }
    static int m19(int x) { return m20(x + 1) + 1; }
    static int m20(int x) { return m21(x + 1) + 1; }
    static int m21(int x) { return m22(x + 1) + 1; }
    static int m22(int x) { return m23(x + 1) + 1; }
    static int m23(int x) { return m24(x + 1) + 1; }
    static int m24(int x) { return m25(x + 1) + 1; }
    static int m25(int x) { return m26(x + 1) + 1; }
    static int m26(int x) { return m27(x + 1) + 1; }
    static int m27(int x) { return m28(x + 1) + 1; }
    static int m28(int x) { return m29(x + 1) + 1; }
    static int m29(int x) { return m30(x + 1) + 1; }
    static int m30(int x) { return x; }

    public static void main(String[] args) {
        try {
            System.out.println("chain=" + m1(0));
        } catch (StackOverflowError e) {
            System.out.println("caught " + e.getClass().getName());
        }
        System.out.println("trackerDepth=" + TrackerProbe.depth());
    }
}
