package cnn.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ThreadsTest {
    @Test
    void oneThreadMeansOneInEveryLibrary() {
        int before = Threads.current();
        try {
            assertEquals(1, Threads.use(1));
            assertEquals(1, Threads.current());
            assertEquals(Threads.available(), Threads.use(Threads.available() + 5), "never more than the pool");
        } finally {
            Threads.use(Math.max(1, before));
        }
    }

    @Test
    void zeroIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> Threads.use(0));
    }
}
