#pragma once

// Many Qt Test classes in one program (one per layer: tests_model, tests_app,
// tests_ui), each still its own CTest entry: `tests_model test_gaussian` runs
// the class of tests/model/test_gaussian.cpp. One program per layer instead of
// one per class saves a link and a moc step per class.
//
// Write LATENTLAB_TEST_MAIN(Class) where Qt's QTEST_MAIN(Class) would go (and
// the _APPLESS_ and _GUILESS_ forms likewise): the class runs with the same
// application object QTEST_MAIN would have made for the program's libraries.

#include <QtTest>

namespace latentlab::testing {

using TestMain = int (*)(int argc, char* argv[]);

// Registers the test class of `sourceFile` (named by its base name, without
// the extension) before main runs. Returns true, for a static initialiser.
bool registerTestMain(const char* sourceFile, TestMain run);

}  // namespace latentlab::testing

#define LATENTLAB_TEST_MAIN_WRAPPER(TestObject, ...)                                                   \
    namespace {                                                                                       \
    int latentlabRun##TestObject(int argc, char* argv[]) {                                           \
        QT_PREPEND_NAMESPACE(QTest::Internal::callInitMain)<TestObject>();                            \
        __VA_ARGS__                                                                                   \
        TestObject tc;                                                                                \
        QTEST_SET_MAIN_SOURCE_PATH                                                                    \
        return QTest::qExec(&tc, argc, argv);                                                         \
    }                                                                                                 \
    [[maybe_unused]] const bool latentlabRegistered##TestObject =                                     \
        latentlab::testing::registerTestMain(__FILE__, latentlabRun##TestObject);                     \
    }

#define LATENTLAB_TEST_MAIN(TestObject) LATENTLAB_TEST_MAIN_WRAPPER(TestObject, QTEST_MAIN_SETUP())
#define LATENTLAB_TEST_GUILESS_MAIN(TestObject) \
    LATENTLAB_TEST_MAIN_WRAPPER(TestObject, QTEST_QAPP_SETUP(QCoreApplication))
#define LATENTLAB_TEST_APPLESS_MAIN(TestObject) LATENTLAB_TEST_MAIN_WRAPPER(TestObject)
