package cnn.data;

/**
 * Counter-based random numbers: every value is a pure function of its keys, mixed with the SplitMix64 finaliser
 * (Steele, Lea and Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014). A draw therefore never
 * depends on which thread makes it, on batch layout, or on where a resumed run started.
 */
final class Seeds {
    /** Separate streams so that shuffling, augmentation and the hold-out split never share draws. */
    static final long SHUFFLE = 0x5348554646L;
    static final long AUGMENT = 0x4155474dL;
    static final long HOLDOUT = 0x484f4c44L;
    static final long SUBSET = 0x53554253L;
    private static final long GOLDEN = 0x9e3779b97f4a7c15L;

    private Seeds() {
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    static long key(long seed, long stream, long a, long b) {
        return mix(mix(mix(mix(seed) + stream) + a) + b);
    }

    /** A uniformly shuffled permutation of 0..n-1 (Fisher-Yates), determined by {@code key}. */
    static int[] permutation(int n, long key) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            long r = mix(key + GOLDEN * i) >>> 32; // 32 random bits
            int j = (int) ((r * (i + 1)) >>> 32); // 0..i
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
