package cnn.cli;

import cnn.spec.Shape;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** `C,H,W` (e.g. `3,32,32`) to an input shape. */
final class ShapeConverter implements ITypeConverter<Shape> {
    @Override
    public Shape convert(String value) {
        String[] parts = value.split(",");
        if (parts.length != 3) {
            throw new TypeConversionException("'" + value + "' is not C,H,W (e.g. 3,32,32)");
        }
        int[] d = new int[3];
        for (int i = 0; i < 3; i++) {
            try {
                d[i] = Integer.parseInt(parts[i].strip());
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is not C,H,W (e.g. 3,32,32)");
            }
            if (d[i] < 1) {
                throw new TypeConversionException("'" + value + "': every dimension must be at least 1");
            }
        }
        return Shape.chw(d[0], d[1], d[2]);
    }
}
