package cnn.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A float64 convolution as the sums of its definition, PyTorch's {@code nn.Conv2d} with zero padding and groups: for
 * output channel {@code o} in group {@code g = o / (out/groups)},
 * {@code y[n, i, j, o] = b[o] + sum_{c, u, v} x[n, i*sh - ph + u, j*sw - pw + v, g*cin + c] w[o, c, u, v]}, with
 * {@code cin = in/groups} and positions outside the map counting as zero; backward sums the same products the other
 * way. Depthwise is the case {@code groups == in}.
 */
final class ScalarConvolution implements Convolution {
    private final Geometry g;

    ScalarConvolution(Geometry g) {
        this.g = g;
    }

    /** Loops over every (n, output position, output channel, input channel of its group, kernel tap) inside the map. */
    private interface Tap {
        void at(int xi, int yi, int wi);
    }

    private void each(long[] xs, long[] ys, Tap tap) {
        Window k = g.window();
        int n = (int) xs[0];
        int h = (int) xs[1];
        int w = (int) xs[2];
        int oh = (int) ys[1];
        int ow = (int) ys[2];
        int cin = g.in() / g.groups();
        int cout = g.out() / g.groups();
        for (int b = 0; b < n; b++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    for (int o = 0; o < g.out(); o++) {
                        int yi = ((b * oh + i) * ow + j) * g.out() + o;
                        int group = o / cout;
                        for (int c = 0; c < cin; c++) {
                            for (int u = 0; u < k.kh(); u++) {
                                int r = i * k.sh() - k.ph() + u;
                                if (r < 0 || r >= h) {
                                    continue;
                                }
                                for (int v = 0; v < k.kw(); v++) {
                                    int q = j * k.sw() - k.pw() + v;
                                    if (q < 0 || q >= w) {
                                        continue;
                                    }
                                    tap.at(((b * h + r) * w + q) * g.in() + group * cin + c, yi,
                                            ((o * cin + c) * k.kh() + u) * k.kw() + v);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    @Override
    public void forward(INDArray x, INDArray w, INDArray b, INDArray y) {
        double[] xv = ScalarBackend.values(x);
        double[] wv = ScalarBackend.values(w);
        double[] yv = new double[(int) y.length()];
        if (b != null) {
            double[] bv = ScalarBackend.values(b);
            for (int i = 0; i < yv.length; i++) {
                yv[i] = bv[i % g.out()];
            }
        }
        each(x.shape(), y.shape(), (xi, yi, wi) -> yv[yi] += xv[xi] * wv[wi]);
        ScalarBackend.put(yv, y);
    }

    @Override
    public void backward(INDArray x, INDArray w, INDArray b, INDArray dy, INDArray dx, INDArray dw, INDArray db) {
        double[] xv = ScalarBackend.values(x);
        double[] wv = ScalarBackend.values(w);
        double[] gv = ScalarBackend.values(dy);
        double[] dxv = new double[xv.length];
        double[] dwv = new double[wv.length];
        each(x.shape(), dy.shape(), (xi, yi, wi) -> {
            dxv[xi] += gv[yi] * wv[wi];
            dwv[wi] += gv[yi] * xv[xi];
        });
        if (dx != null) {
            ScalarBackend.put(dxv, dx);
        }
        ScalarBackend.put(dwv, dw);
        if (db != null) {
            double[] dbv = new double[g.out()];
            for (int i = 0; i < gv.length; i++) {
                dbv[i % g.out()] += gv[i];
            }
            ScalarBackend.put(dbv, db);
        }
    }
}
