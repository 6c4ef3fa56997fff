package io.tensors.engine.store;

import java.sql.CallableStatement;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.apache.ibatis.type.JdbcType;
import org.apache.ibatis.type.TypeHandler;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a column holding a JSON array of strings ({@code json_group_array(word)}) as a list. Trigger
 * words come out this way and not joined with a separator, which a word can contain itself
 * ("Thigh clothes, semi-realistic, shiny skin" is one word). SQL NULL reads as an empty list.
 */
public final class WordListTypeHandler implements TypeHandler<List<String>> {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    public void setParameter(PreparedStatement ps, int i, List<String> parameter, JdbcType jdbcType) throws SQLException {
        ps.setString(i, parameter == null ? null : JSON.writeValueAsString(parameter));
    }

    @Override
    public List<String> getResult(ResultSet rs, String columnName) throws SQLException {
        return words(rs.getString(columnName));
    }

    @Override
    public List<String> getResult(ResultSet rs, int columnIndex) throws SQLException {
        return words(rs.getString(columnIndex));
    }

    @Override
    public List<String> getResult(CallableStatement cs, int columnIndex) throws SQLException {
        return words(cs.getString(columnIndex));
    }

    private static List<String> words(String json) {
        if (json == null) {
            return List.of();
        }
        List<String> words = new ArrayList<>();
        for (JsonNode word : JSON.readTree(json)) {
            words.add(word.asString());
        }
        return List.copyOf(words);
    }
}
