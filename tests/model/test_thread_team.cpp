#include "model/base/thread_team.h"
#include "model/base/threads.h"

#include <QtTest/QtTest>
#include "test_registry.h"

#include <atomic>
#include <chrono>
#include <stdexcept>

using namespace latentlab;

class TestThreadTeam : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // As the programs do at start-up.
    void initTestCase() { latentlab::configure_process_threads(); }
    void everyMemberRunsOncePerJob() {
        ThreadTeam team(3);
        QCOMPARE(team.size(), 3);
        for (int job = 0; job < 200; ++job) {
            std::vector<std::atomic<int>> calls(3);
            team.run([&](int member) { calls[static_cast<size_t>(member)]++; });
            for (const auto& c : calls) QCOMPARE(c.load(), 1);
        }
    }

    void callerIsMemberZeroAndHelpersAreOtherThreads() {
        ThreadTeam team(2);
        std::thread::id ids[2];
        team.run([&](int member) { ids[member] = std::this_thread::get_id(); });
        QVERIFY(ids[0] == std::this_thread::get_id());
        QVERIFY(ids[1] != std::this_thread::get_id());
    }

    void membersRunAtTheSameTime() {
        // Each member waits until both have started: this finishes only when
        // they run concurrently (the deadline turns a hang into a failure).
        ThreadTeam team(2);
        std::atomic<int> started{0};
        std::atomic<bool> timed_out{false};
        team.run([&](int) {
            started++;
            const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
            while (started.load() < 2)
                if (std::chrono::steady_clock::now() > deadline) return void(timed_out = true);
        });
        QVERIFY(!timed_out.load());
    }

    void aTeamOfOneRunsOnTheCaller() {
        ThreadTeam team(1);
        std::thread::id id;
        int calls = 0;
        team.run([&](int member) {
            QCOMPARE(member, 0);
            id = std::this_thread::get_id();
            ++calls;
        });
        QCOMPARE(calls, 1);
        QVERIFY(id == std::this_thread::get_id());
    }

    void theLowestMembersExceptionReachesTheCallerAfterAllFinish() {
        ThreadTeam team(3);
        std::atomic<int> finished{0};
        try {
            team.run([&](int member) {
                finished++;
                if (member > 0) throw std::runtime_error("member " + std::to_string(member));
            });
            QFAIL("no exception");
        } catch (const std::runtime_error& e) {
            QCOMPARE(QString(e.what()), QString("member 1"));
        }
        QCOMPARE(finished.load(), 3);
        // The team still works afterwards.
        std::atomic<int> calls{0};
        team.run([&](int) { calls++; });
        QCOMPARE(calls.load(), 3);
    }
};

LATENTLAB_TEST_APPLESS_MAIN(TestThreadTeam)
#include "test_thread_team.moc"
