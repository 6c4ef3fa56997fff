package io.tensors.engine.store;

/**
 * A file's identity as {@code file_identity} holds it (see V5__identity.sql), with the text its substring search
 * row gets.
 *
 * @param triggerWords a JSON array, or null
 * @param tensorDigest the deflated tensor digest; null to keep the one stored
 */
public record StoredIdentity(long fileId, String kind, String kindGroup, String kindSource, String architecture,
        String architectureSource, String displayName, String displayNameSource, String triggerWords,
        String triggerWordsSource, String rules, byte[] tensorDigest, String searchText) {}
