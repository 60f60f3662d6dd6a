package cn.suishoupai.common;

import java.util.List;

/** One page of a list. page is 0-based. */
public record Page<T>(List<T> items, long total, int page, int size) {}
