package io.stackwatch.agent.config;

import io.stackwatch.core.gomodel.GoStackParameters;

/** The kinds of {@link Default} the key table uses. */
final class Defaults {

    private Defaults() {
    }

    static <T> Default<T> constant(T value, String text) {
        return new Default<T>() {
            @Override
            T value(Setting setting, boolean given) {
                return value;
            }

            @Override
            String text(Setting setting, boolean given) {
                return text;
            }

            @Override
            String describe() {
                return text;
            }
        };
    }

    /** The value of another key. */
    static <T> Default<T> sameAs(ConfigKey<T> other) {
        return new Default<T>() {
            @Override
            T value(Setting setting, boolean given) {
                return setting.get(other);
            }

            @Override
            String describe() {
                return other.key();
            }
        };
    }

    /** go.initial: the preset's start size. */
    static final Default<Long> GO_INITIAL = new Default<Long>() {
        @Override
        Long value(Setting setting, boolean given) {
            return setting.get(ConfigKey.GO_PRESET).initialBytes();
        }

        @Override
        String describe() {
            return "go.preset's (8k)";
        }
    };

    /**
     * go.guard: the preset's guard; after a refused value, no more than half the start size, so that
     * the start size given with it still holds.
     */
    static final Default<Long> GO_GUARD = new Default<Long>() {
        @Override
        Long value(Setting setting, boolean given) {
            GoStackParameters preset = setting.get(ConfigKey.GO_PRESET);
            return given ? Math.min(preset.guardBytes(), setting.get(ConfigKey.GO_INITIAL) / 2) : preset.guardBytes();
        }

        @Override
        String describe() {
            return "go.preset's (896)";
        }
    };
}
