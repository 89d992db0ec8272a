package cnn.spec;

import java.util.List;

/** Output-size arithmetic shared by convolutions and pools, with PyTorch's floor and ceil rules. */
final class Spatial {
    private Spatial() {}

    /**
     * `floor((size + 2*pad - kernel) / stride) + 1`, or with `ceil` instead of floor, where a last window
     * that would start in the right padding is dropped (`torch.nn.MaxPool2d(ceil_mode=True)`).
     */
    static int size(String field, int size, int kernel, int stride, int pad, boolean ceil) {
        int span = size + 2 * pad - kernel;
        if (span < 0) {
            throw new FieldError(field, kernel, "does not fit the input of size " + size
                    + (pad > 0 ? " with padding " + pad : "") + ": the output would be empty");
        }
        int out = (ceil ? Math.floorDiv(span + stride - 1, stride) : span / stride) + 1;
        if (ceil && (long) (out - 1) * stride >= size + pad) {
            out--;
        }
        return out;
    }

    static Shape pool(Shape in, Size2 kernel, Size2 stride, Size2 pad, boolean ceil) {
        requireMap(in);
        return Shape.chw(in.c(), size("kernel", in.h(), kernel.h(), stride.h(), pad.h(), ceil),
                size("kernel", in.w(), kernel.w(), stride.w(), pad.w(), ceil));
    }

    /** PyTorch refuses pools whose padding exceeds half the kernel: the window would see only padding. */
    static void checkPoolPadding(Size2 kernel, Size2 pad) {
        if (pad.h() * 2 > kernel.h() || pad.w() * 2 > kernel.w()) {
            throw new FieldError("padding", pad, "must be at most half the kernel (" + kernel + ")");
        }
    }

    static void requireMap(Shape in) {
        if (in.flat()) {
            throw new FieldError(null, in, "needs a feature map [C, H, W] but the input is already flat");
        }
    }

    static void requireFlat(Shape in, String what) {
        if (!in.flat()) {
            throw new FieldError(null, in, what + " needs flat features but the input is a feature map;"
                    + " add {type: flatten} before it");
        }
    }

    /** List.contains(null) throws on immutable lists. */
    static boolean containsNull(List<?> list) {
        for (Object o : list) {
            if (o == null) {
                return true;
            }
        }
        return false;
    }

    static <T> List<T> nonEmpty(String field, List<T> list) {
        if (list == null || list.isEmpty()) {
            throw new FieldError(field, list == null ? null : "[]", "needs at least one layer");
        }
        if (containsNull(list)) {
            throw new FieldError(field, null, "has an empty entry");
        }
        return List.copyOf(list);
    }
}
