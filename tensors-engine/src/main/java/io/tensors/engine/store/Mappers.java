package io.tensors.engine.store;

import org.apache.ibatis.session.SqlSession;

/** The mappers of one session (one transaction when writing); handed out only by {@link CatalogStore}. */
public final class Mappers {
    private final SqlSession session;

    Mappers(SqlSession session) {
        this.session = session;
    }

    public LocalFileMapper localFiles() {
        return session.getMapper(LocalFileMapper.class);
    }

    public ModelMapper models() {
        return session.getMapper(ModelMapper.class);
    }

    public VersionMapper versions() {
        return session.getMapper(VersionMapper.class);
    }

    public VersionFileMapper versionFiles() {
        return session.getMapper(VersionFileMapper.class);
    }

    public ImageMapper images() {
        return session.getMapper(ImageMapper.class);
    }

    public LinkMapper links() {
        return session.getMapper(LinkMapper.class);
    }

    public SearchMapper search() {
        return session.getMapper(SearchMapper.class);
    }

    public DownloadMapper downloads() {
        return session.getMapper(DownloadMapper.class);
    }

    public IdentityMapper identities() {
        return session.getMapper(IdentityMapper.class);
    }

    public QueryMapper queries() {
        return session.getMapper(QueryMapper.class);
    }
}
