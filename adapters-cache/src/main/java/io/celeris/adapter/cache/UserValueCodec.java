package io.celeris.adapter.cache;

import io.celeris.domain.user.Email;
import io.celeris.domain.user.User;
import io.celeris.domain.user.UserId;
import io.celeris.domain.user.UserName;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * A user in a few dozen bytes: id, times in microseconds, version, email and name as UTF-8. The layout is
 * schema version {@value #SCHEMA_VERSION}; the version is part of every Redis key, so changing the layout
 * means bumping it and old entries are simply never read again.
 */
final class UserValueCodec implements ValueCodec<User> {

    static final int SCHEMA_VERSION = 1;

    @Override
    public byte[] encode(User u) {
        var bytes = new ByteArrayOutputStream(96);
        try (var out = new DataOutputStream(bytes)) {
            out.writeLong(u.id().value().getMostSignificantBits());
            out.writeLong(u.id().value().getLeastSignificantBits());
            out.writeLong(micros(u.createdAt()));
            out.writeLong(micros(u.updatedAt()));
            out.writeLong(u.version());
            out.writeBoolean(u.lastLoginAt() != null);
            if (u.lastLoginAt() != null) {
                out.writeLong(micros(u.lastLoginAt()));
            }
            out.writeUTF(u.email().value());
            out.writeUTF(u.name().value());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    @Override
    public User decode(byte[] bytes) {
        try (var in = new DataInputStream(new java.io.ByteArrayInputStream(bytes))) {
            var id = new UserId(new UUID(in.readLong(), in.readLong()));
            Instant created = instant(in.readLong());
            Instant updated = instant(in.readLong());
            long version = in.readLong();
            Instant login = in.readBoolean() ? instant(in.readLong()) : null;
            // Through the value types again: a corrupt entry fails here and counts as a miss.
            return new User(id, new Email(in.readUTF()), new UserName(in.readUTF()), created, updated, version, login);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long micros(Instant t) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, t);
    }

    private static Instant instant(long micros) {
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }
}
