package cnn.nn;

/**
 * Kernel size, stride and zero padding of a 2-D sliding-window op, with PyTorch's output-size rule:
 * {@code floor((H + 2p - k)/s) + 1}, or in ceil mode {@code ceil((H + 2p - k)/s) + 1} minus one if the last
 * window would start at or after {@code H + p}.
 */
record Window(int kh, int kw, int sh, int sw, int ph, int pw) {
    Window {
        if (kh <= 0 || kw <= 0 || sh <= 0 || sw <= 0 || ph < 0 || pw < 0) {
            throw new IllegalArgumentException("kernel " + kh + "x" + kw + " and stride " + sh + "x" + sw
                    + " must be positive, padding " + ph + "x" + pw + " >= 0");
        }
    }

    long outH(long h, boolean ceil) {
        return outSize(h, kh, sh, ph, ceil);
    }

    long outW(long w, boolean ceil) {
        return outSize(w, kw, sw, pw, ceil);
    }

    private static long outSize(long in, int k, int s, int p, boolean ceil) {
        long span = in + 2L * p - k;
        if (span < 0) {
            throw new IllegalArgumentException("input size " + in + " with padding " + p + " is smaller than the kernel " + k);
        }
        long o = (ceil ? Math.floorDiv(span + s - 1, s) : Math.floorDiv(span, s)) + 1;
        if (ceil && (o - 1) * s >= in + p) {
            o--;
        }
        return o;
    }

    /**
     * libnd4j's integer arguments of conv2d/pooling2d: {@code kH, kW, sH, sW, pH, pW, dH=1, dW=1,
     * sameMode=0, a9, a10}; a9/a10 are (dataFormat, wFormat) for conv2d and (extraParam0, dataFormat) for
     * pooling. {@code padded} false passes zero padding (the caller padded the input itself).
     */
    int[] args(boolean padded, int a9, int a10) {
        return new int[] {kh, kw, sh, sw, padded ? ph : 0, padded ? pw : 0, 1, 1, 0, a9, a10};
    }
}
