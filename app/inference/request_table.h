#pragma once

// One entry per kind of inference request: the request type, its kind and
// the service's signal that carries its answer. A view's new request needs
// its Request and Result (inference_requests.h), a RequestKind, a signal on
// InferenceService, one line here and the worker's answer(); nothing is
// declared twice or relayed by hand.

#include "app/inference/inference_service.h"

namespace latentlab {

template <typename Request>
struct RequestEntry;

#define LATENTLAB_INFERENCE_REQUEST(Request, Kind, Signal)                    \
    template <>                                                               \
    struct RequestEntry<Request> {                                            \
        static constexpr RequestKind kind = RequestKind::Kind;                \
        static constexpr auto answered = &InferenceService::Signal;           \
    };

LATENTLAB_INFERENCE_REQUEST(EncodeRequest, Encode, encoded)
LATENTLAB_INFERENCE_REQUEST(DecodeRequest, Decode, decoded)
LATENTLAB_INFERENCE_REQUEST(InterpolateRequest, Interpolate, interpolated)
LATENTLAB_INFERENCE_REQUEST(TraverseRequest, Traverse, traversed)
LATENTLAB_INFERENCE_REQUEST(MapRequest, Map, mapped)
LATENTLAB_INFERENCE_REQUEST(ScoreRequest, Score, scored)
LATENTLAB_INFERENCE_REQUEST(TilesRequest, Tiles, tiled)
LATENTLAB_INFERENCE_REQUEST(NeighboursRequest, Neighbours, neighboursFound)
LATENTLAB_INFERENCE_REQUEST(DuplicatesRequest, Duplicates, duplicatesFound)
LATENTLAB_INFERENCE_REQUEST(LabelsRequest, Labels, labelsRanked)

#undef LATENTLAB_INFERENCE_REQUEST

}  // namespace latentlab
