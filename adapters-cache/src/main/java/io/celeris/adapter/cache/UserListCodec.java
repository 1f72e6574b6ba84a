package io.celeris.adapter.cache;

import io.celeris.domain.user.User;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A list of users (the rows of a page): their count, then each user as {@link UserValueCodec} writes it,
 * preceded by its length. Schema version {@value #SCHEMA_VERSION}, which follows the user layout's.
 */
final class UserListCodec implements ValueCodec<List<User>> {

    static final int SCHEMA_VERSION = UserValueCodec.SCHEMA_VERSION;

    private final UserValueCodec users = new UserValueCodec();

    @Override
    public byte[] encode(List<User> list) {
        var bytes = new ByteArrayOutputStream(16 + 96 * list.size());
        try (var out = new DataOutputStream(bytes)) {
            out.writeInt(list.size());
            for (User u : list) {
                byte[] one = users.encode(u);
                out.writeInt(one.length);
                out.write(one);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    @Override
    public List<User> decode(byte[] bytes) {
        try (var in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int n = in.readInt();
            if (n < 0 || n > bytes.length) {
                throw new IllegalArgumentException("not a user list: " + n + " entries");
            }
            var list = new ArrayList<User>(n);
            for (int i = 0; i < n; i++) {
                int length = in.readInt();
                if (length < 0 || length > in.available()) {
                    throw new IllegalArgumentException("not a user list: entry of " + length + " bytes");
                }
                list.add(users.decode(in.readNBytes(length)));
            }
            if (in.available() > 0) {
                throw new IllegalArgumentException("not a user list: " + in.available() + " bytes left over");
            }
            return List.copyOf(list);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
