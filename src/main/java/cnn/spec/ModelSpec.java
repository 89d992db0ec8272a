package cnn.spec;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A model spec: what the network is, never how it is trained. Either `layers` or a one-line `pattern`
 * (see {@link PatternParser}) describes the architecture for inputs of shape `input` = `[C, H, W]`;
 * the last layer maps to `classes`.
 */
public record ModelSpec(String name, String description, String paper, List<Integer> input, Integer classes,
        InitScheme init, List<LayerSpec> layers, String pattern) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");

    /** How weights are initialised before training. */
    public enum InitScheme {
        /** PyTorch's per-layer defaults: U(+-1/sqrt(fan_in)) for conv and linear weights and biases. */
        PYTORCH,
        /**
         * torchvision's ResNet/VGG/MobileNetV2 scheme: conv weights N(0, 2/fan_out) (Kaiming normal, fan_out,
         * ReLU gain) and zero conv biases; linear layers keep PyTorch's default.
         */
        KAIMING_NORMAL;

        @JsonValue
        String json() {
            return name().toLowerCase();
        }
    }

    public ModelSpec {
        if (name == null) {
            throw new FieldError("name", null, "is required");
        }
        if (!NAME.matcher(name).matches()) {
            throw new FieldError("name", name, "must be letters, digits, '_', '-' or '.'");
        }
        if (input == null) {
            throw new FieldError("input", null, "is required: [channels, height, width]");
        }
        if (input.size() != 3 || Spatial.containsNull(input)) {
            throw new FieldError("input", input, "must be [channels, height, width]");
        }
        for (int d : input) {
            if (d < 1) {
                throw new FieldError("input", input, "every dimension must be at least 1");
            }
        }
        input = List.copyOf(input);
        FieldError.atLeast("classes", classes, 1);
        init = init == null ? InitScheme.PYTORCH : init;
        if ((layers == null) == (pattern == null)) {
            throw new FieldError(layers == null ? "layers" : "pattern", null,
                    "a spec needs exactly one of `layers` (a list) and `pattern` (a string)");
        }
        if (layers != null) {
            layers = Spatial.nonEmpty("layers", layers);
        } else {
            PatternParser.parse(pattern);
        }
    }

    public Shape inputShape() {
        return Shape.chw(input.get(0), input.get(1), input.get(2));
    }

    /** The layer list, parsed from the pattern when the spec has one. */
    public List<LayerSpec> layerList() {
        return layers != null ? layers : PatternParser.parse(pattern);
    }

    public ModelSpec withInput(Shape in) {
        return new ModelSpec(name, description, paper, List.of(in.c(), in.h(), in.w()), classes, init, layers, pattern);
    }

    public ModelSpec withClasses(int n) {
        return new ModelSpec(name, description, paper, input, n, init, layers, pattern);
    }
}
