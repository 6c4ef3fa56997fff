-- The hash types the last read of a local file computed: sorted type names, comma-joined, including
-- types that came out undefined (AutoV1 under 2 MiB). NULL (rows from before V3) = the default set
-- SHA256,AutoV1,AutoV2,AutoV3,CRC32. A rescan reads an unchanged file again when a requested type is not in it.
ALTER TABLE local_files ADD COLUMN hashed_types TEXT;
