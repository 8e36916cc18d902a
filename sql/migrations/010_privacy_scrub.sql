-- 010: warehouses loaded before socdw cleaned every text may hold a
-- personnummer in a file or sheet name, a label or a message. The first
-- writer after this migration scrubs every text column once (Go:
-- load.Warehouse.ScrubOnce, with the detector socdw uses everywhere) and
-- records it here.
CREATE TABLE privacy_scrub (
    scrubbed_at TIMESTAMP NOT NULL,
    texts       BIGINT NOT NULL  -- how many distinct texts were replaced
);
