package cnn.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Memory of this process (Linux; -1 where /proc is missing). {@code peakRssBytes} is the resident-set high-water mark
 * ({@code VmHWM}). {@code offHeapBytes} estimates what ND4J holds outside the Java heap: anonymous resident memory
 * ({@code RssAnon}, which leaves out the mapped native libraries) minus what the JVM has committed for its heap and
 * non-heap pools. ND4J 1.0.0-M2.1 does not count its own buffers (its allocation tracker and JavaCPP's
 * {@code Pointer.totalBytes} both stay near zero), hence the estimate.
 */
public record Memory(long peakRssBytes, long offHeapBytes, long heapUsedBytes) {

    public static Memory now() {
        MemoryMXBean m = ManagementFactory.getMemoryMXBean();
        long jvm = m.getHeapMemoryUsage().getCommitted() + m.getNonHeapMemoryUsage().getCommitted();
        long anon = status("RssAnon:");
        return new Memory(status("VmHWM:"), anon < 0 ? -1 : Math.max(0, anon - jvm), m.getHeapMemoryUsage().getUsed());
    }

    /** A {@code kB} field of /proc/self/status in bytes, or -1. */
    static long status(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
