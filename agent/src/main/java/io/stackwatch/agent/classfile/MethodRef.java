package io.stackwatch.agent.classfile;

/**
 * A method as the class file names it: owner (internal name), name and descriptor. The one key of a
 * method everywhere in the agent: plans, call graphs, scan reports and {@code limits} all go through
 * it (see {@link #key()} and {@link #qualifiedName()} for the two spellings users meet).
 *
 * <p>A final class with hand-written {@code equals}/{@code hashCode}, not a record: a record's are
 * linked through {@code invokedynamic} on first use, and this class is used while application
 * classes load, at any stack depth.
 */
public final class MethodRef {

    private final String owner;
    private final String name;
    private final String descriptor;
    private int hash;

    public MethodRef(String owner, String name, String descriptor) {
        this.owner = owner;
        this.name = name;
        this.descriptor = descriptor;
    }

    /** The declaring class's internal name, {@code com/acme/Tree$Node}. */
    public String owner() {
        return owner;
    }

    public String name() {
        return name;
    }

    public String descriptor() {
        return descriptor;
    }

    /** {@code name+descriptor}: what overriding matches on. */
    public String signature() {
        return name + descriptor;
    }

    /** {@code com/acme/Tree.walk(Lcom/acme/Node;)I}: the key of plans and scan reports. */
    public String key() {
        return owner + "." + name + descriptor;
    }

    /** {@code com.acme.Tree#walk}: how events, warnings and {@code limits} name a method. */
    public String qualifiedName() {
        return owner.replace('/', '.') + "#" + name;
    }

    /** The declaring class's binary name, {@code com.acme.Tree$Node}. */
    public String className() {
        return owner.replace('/', '.');
    }

    /** Parses {@link #key()}; null when {@code key} is not of that form. */
    public static MethodRef parseKey(String key) {
        int paren = key.indexOf('(');
        int dot = paren < 0 ? -1 : key.lastIndexOf('.', paren);
        if (dot <= 0 || paren < dot + 2) {
            return null;
        }
        return new MethodRef(key.substring(0, dot), key.substring(dot + 1, paren), key.substring(paren));
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof MethodRef)) {
            return false;
        }
        MethodRef m = (MethodRef) o;
        return hashCode() == m.hashCode() && name.equals(m.name) && descriptor.equals(m.descriptor) && owner.equals(m.owner);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = (owner.hashCode() * 31 + name.hashCode()) * 31 + descriptor.hashCode();
            hash = h == 0 ? 1 : h;
        }
        return hash;
    }

    @Override
    public String toString() {
        return key();
    }
}
