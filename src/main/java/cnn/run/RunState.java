package cnn.run;

import cnn.io.BadInputException;
import cnn.nn.Checkpoint;
import cnn.spec.ModelSpec;
import cnn.spec.SpecReader;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a training run stands at the end of an epoch, kept in its checkpoints beside the numbers ({@link Checkpoint}'s
 * {@code run} object): the model spec and the config it ran with, the position (epoch, step, optimizer steps, dropout
 * draws), the best epoch so far and the history. Enough to continue the run, or to evaluate it, with nothing else.
 *
 * @param epoch the last finished epoch, from 0; -1 before the first
 */
public record RunState(String model, ModelSpec spec, String modelSource, JsonNode config, int epoch, long step,
        long optimizerSteps, long[] dropoutCalls, Integer bestEpoch, Double bestValue, int epochsSinceBest,
        List<EpochRecord> history) {

    public JsonNode toJson() {
        return SpecReader.jsonMapper().valueToTree(this);
    }

    /** The state in a checkpoint's header. */
    public static RunState read(Path checkpoint) {
        return of(checkpoint, Checkpoint.info(checkpoint));
    }

    public static RunState of(Path checkpoint, Checkpoint.Info info) {
        try {
            return SpecReader.jsonMapper().treeToValue(info.run(), RunState.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
            throw new BadInputException(checkpoint + ": corrupt checkpoint header: " + e.getMessage());
        }
    }
}
