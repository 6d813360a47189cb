/**
 * The agent's entry points ({@code premain}, {@code agentmain}). Nothing here touches the core before it
 * is on the bootstrap class path, and nothing on the way to {@code main} links an {@code invokedynamic}
 * (docs/ARCHITECTURE.md, "The rules of the premain path"; {@code PremainPathTest}, {@code PremainPathIT}).
 */
package io.stackwatch.agent;
