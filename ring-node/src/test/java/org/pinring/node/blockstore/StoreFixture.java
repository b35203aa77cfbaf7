package org.pinring.node.blockstore;

import java.io.IOException;
import java.nio.file.Path;
import org.pinring.node.state.StateStore;

/** A block store and its state database in a directory, reopenable as a restarted process. */
final class StoreFixture implements AutoCloseable {

  final Path directory;
  final long quota;
  StateStore state;
  FlatFsBlockStore store;

  StoreFixture(Path directory, long quota) throws IOException {
    this.directory = directory;
    this.quota = quota;
    open();
  }

  private void open() throws IOException {
    state = StateStore.open(directory.resolve("state"));
    store = FlatFsBlockStore.open(directory.resolve("blocks"), state, quota);
  }

  /** Closes cleanly and opens again. */
  void reopen() throws IOException {
    close();
    open();
  }

  /**
   * Stops as a killed process would (no clean-shutdown steps; LevelDB's log already holds every
   * write, as it would after a process crash) and opens again.
   */
  void crashAndReopen() throws IOException {
    store.abandon();
    state.close();
    open();
  }

  @Override
  public void close() throws IOException {
    store.close();
    state.close();
  }
}
