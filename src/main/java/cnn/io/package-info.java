/**
 * The leaf every other package may use and that uses none of them: the error for input a user can fix
 * ({@link cnn.io.BadInputException}), writing files so that a crash never leaves half of one ({@link cnn.io.AtomicFile}),
 * and the one progress bar ({@link cnn.io.ProgressBar}).
 */
package cnn.io;
