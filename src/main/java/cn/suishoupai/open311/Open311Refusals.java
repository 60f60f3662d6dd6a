package cn.suishoupai.open311;

import cn.suishoupai.common.Messages;
import cn.suishoupai.common.RefusalFormat;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;

/**
 * What the HTTP layer refuses under {@code /open311/v2} before any resource runs ({@code common.HttpEdge}: a body over
 * {@code quarkus.http.limits.max-body-size}, a request line over {@code max-initial-line-length}, a path or query
 * that cannot be percent-decoded; {@code common.DecoderRefusals}: headers too large, bytes Vert.x cannot decode) is
 * GeoReport v2's {@code errors} list like every other error of the facade: in the format of the path's suffix (JSON
 * for {@code .json}, else XML), with the spec's status (400; the original status and the problem code in the
 * description, as {@link Open311Errors} does for the framework's refusals).
 */
@Singleton
public class Open311Refusals implements RefusalFormat {

    private final ObjectMapper mapper;

    Open311Refusals(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public boolean covers(String path) {
        return Open311Errors.covers(path);
    }

    @Override
    public Answer answer(String path, int status, String code) {
        Open311Format format = Open311Errors.formatOfPath(path);
        int spec = Open311Errors.status(status);
        String detail = Messages.has(code + ".detail") ? Messages.get(true, code + ".detail") : null;
        Open311Problem problem = Open311Problem.of(spec, Open311Errors.describe(code, status, detail));
        return new Answer(spec, format.mediaType, format.render(Open311Resource.errorsDoc(problem), mapper));
    }
}
