package io.tensors.engine.store;

import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.SqlSession;

/** The mappers of one session (one transaction when writing); handed out only by {@link CatalogStore}. */
public final class Mappers {
    private final SqlSession session;

    Mappers(SqlSession session) {
        this.session = session;
    }

    /**
     * The session's mapper of {@code type}, its XML parsed on first use in this process: parsing all ten took a
     * fifth of a second of every catalog command's start, and a command uses two or three of them. MyBatis keeps
     * its statements in concurrent maps; the lock makes a thread wait for a mapper another thread is parsing.
     */
    private <T> T mapper(Class<T> type) {
        Configuration configuration = session.getConfiguration();
        synchronized (configuration) {
            if (!configuration.hasMapper(type)) {
                configuration.addMapper(type);
            }
        }
        return session.getMapper(type);
    }

    public LocalFileMapper localFiles() {
        return mapper(LocalFileMapper.class);
    }

    public ModelMapper models() {
        return mapper(ModelMapper.class);
    }

    public VersionMapper versions() {
        return mapper(VersionMapper.class);
    }

    public VersionFileMapper versionFiles() {
        return mapper(VersionFileMapper.class);
    }

    public ImageMapper images() {
        return mapper(ImageMapper.class);
    }

    public LinkMapper links() {
        return mapper(LinkMapper.class);
    }

    public SearchMapper search() {
        return mapper(SearchMapper.class);
    }

    public DownloadMapper downloads() {
        return mapper(DownloadMapper.class);
    }

    public IdentityMapper identities() {
        return mapper(IdentityMapper.class);
    }

    public QueryMapper queries() {
        return mapper(QueryMapper.class);
    }
}
