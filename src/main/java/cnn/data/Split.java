package cnn.data;

/** The two splits every registered data set is published with. */
public enum Split {
    TRAIN,
    TEST
}
