package org.pinring.node.repo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/** Another process (or another open repository in this one) holds the repository's lock. */
public final class RepositoryInUseException extends IOException {

  private static final long serialVersionUID = 1L;

  private final transient Optional<RepoLock.Holder> holder;
  private final transient OptionalLong pid;

  RepositoryInUseException(Path repository, Optional<RepoLock.Holder> holder, OptionalLong pid) {
    super(message(repository, holder, pid));
    this.holder = holder;
    this.pid = pid;
  }

  /**
   * Who holds it; empty while the holder has taken the lock but not yet written its name (a process
   * that is just starting), or if the lock file is not PinRing's.
   */
  public Optional<RepoLock.Holder> holder() {
    return holder;
  }

  /** The holder's process id, when it wrote one. */
  public OptionalLong pid() {
    return pid;
  }

  private static String message(
      Path repository, Optional<RepoLock.Holder> holder, OptionalLong pid) {
    String process = pid.isPresent() ? " (process " + pid.getAsLong() + ")" : "";
    if (holder.isEmpty()) {
      return "the repository " + repository + " is in use by another process" + process;
    }
    return switch (holder.get()) {
      case DAEMON ->
          "another PinRing daemon is running on "
              + repository
              + process
              + "; stop it first, or use another --repo";
      case COMMAND ->
          "another pinring command"
              + process
              + " is using the repository "
              + repository
              + "; wait for it to finish";
    };
  }
}
