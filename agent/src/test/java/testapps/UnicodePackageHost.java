package testapps;

/**
 * A recursion in a package with a non-ASCII name ({@code shapes.café}: legal Java), generated in the
 * host (a source file there would need a non-ASCII file name, which a build under the C locale cannot
 * write). Calls {@code down(100)}.
 */
public final class UnicodePackageHost {

    public static void main(String[] args) throws Exception {
        Class<?> deep = GeneratedRecursion.define("shapes/caf\u00e9/Deep", 0);
        System.out.println(deep.getName() + " down(100)=" + deep.getMethod("down", int.class).invoke(null, 100));
    }
}
