#pragma once

#include <QtGlobal>

namespace latentlab {

// A view's newest request of one kind to the InferenceService. The service
// keeps one waiting request of a kind for all views together, so another
// view's newer request can replace ours; answers of a kind come in the order
// of their ids, so an answer to a later request while ours waits means ours
// was dropped and must be sent again.
class RequestTicket {
public:
    void sent(quint64 id) { id_ = id; }
    void clear() { id_ = 0; }
    bool isWaiting() const { return id_ != 0; }
    quint64 id() const { return id_; }

    // True when `id` answers our request, which then no longer waits.
    bool take(quint64 id) {
        if (id_ == 0 || id != id_) return false;
        id_ = 0;
        return true;
    }
    // True when `id` answers a request sent after ours while ours waits.
    bool overtakenBy(quint64 id) const { return id_ != 0 && id > id_; }

private:
    quint64 id_ = 0;
};

}  // namespace latentlab
