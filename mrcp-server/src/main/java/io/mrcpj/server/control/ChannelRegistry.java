package io.mrcpj.server.control;

import io.mrcpj.core.message.ChannelId;
import java.util.Optional;

/** Finds the resource channel a request names. Sessions register and remove their channels. */
public interface ChannelRegistry {

  /** A registry with no channels: every request is answered 405. */
  ChannelRegistry EMPTY = id -> Optional.empty();

  Optional<ResourceChannel> find(ChannelId id);
}
