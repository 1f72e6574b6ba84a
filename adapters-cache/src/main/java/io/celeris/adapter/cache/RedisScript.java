package io.celeris.adapter.cache;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * A Lua script run by its SHA-1 (one small command), sent whole only when Redis does not know it
 * yet, e.g. after a restart emptied its script cache.
 */
record RedisScript(String source, String sha, ScriptOutputType output) {

    static RedisScript of(String source, ScriptOutputType output) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8));
            return new RedisScript(source, HexFormat.of().formatHex(digest), output);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }

    <T> T run(RedisClusterCommands<String, byte[]> redis, String[] keys, byte[]... args) {
        try {
            return redis.evalsha(sha, output, keys, args);
        } catch (RedisNoScriptException e) {
            return redis.eval(source, output, keys, args);
        }
    }

    /**
     * The same, sent without waiting: the answer (or the failure) completes the stage, on Lettuce's I/O thread.
     *
     * @param flush writes what the connection holds back (a connection that buffers its commands): run after the
     *              script is sent whole, which happens on Lettuce's I/O thread when Redis did not know it
     */
    <T> CompletionStage<T> send(RedisClusterAsyncCommands<String, byte[]> redis, Runnable flush, String[] keys,
                                byte[]... args) {
        RedisFuture<T> bySha = redis.evalsha(sha, output, keys, args);
        return bySha.exceptionallyCompose(e -> {
            if (!(unwrap(e) instanceof RedisNoScriptException)) {
                return CompletableFuture.failedStage(e);
            }
            RedisFuture<T> whole = redis.eval(source, output, keys, args);
            flush.run();
            return whole;
        });
    }

    /** @return the failure inside a {@link CompletionException}, else the failure itself */
    static Throwable unwrap(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }
}
