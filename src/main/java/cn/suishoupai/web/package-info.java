/**
 * The web apps the service serves to browsers, built from {@code src/main/webui}: the staff console
 * at {@code /console/} and the residents' page at {@code /h5/}. Serves their built files with a
 * history-mode fallback (any other path under an app is its index.html), cache headers (hashed
 * assets immutable, index.html revalidated) and the Content-Security-Policy. The apps talk to the
 * service only through the public REST API.
 *
 * <p>May use: common, media (docs/ARCHITECTURE.md; enforced by ArchitectureTest).
 */
package cn.suishoupai.web;
