"""``attriblint audit``: which sites repost a publisher's articles, and on what terms."""
