package io.stackwatch.bench.perf.recursion;

/** A binary tree: each tree walk below makes one recursive call per child. */
public final class TreeNode {

    final TreeNode left;
    final TreeNode right;

    private TreeNode(TreeNode left, TreeNode right) {
        this.left = left;
        this.right = right;
    }

    /** A complete tree of {@code height} levels ({@code 2^height - 1} nodes). */
    public static TreeNode complete(int height) {
        return height == 0 ? null : new TreeNode(complete(height - 1), complete(height - 1));
    }
}
