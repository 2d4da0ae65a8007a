// The main of each test program: runs the one test class named by its first
// argument (see test_registry.h), or lists them all.

#include "test_registry.h"

#include <cstdio>
#include <cstring>
#include <map>
#include <string>
#include <vector>

namespace latentlab::testing {
namespace {

std::map<std::string, TestMain>& registry() {
    static std::map<std::string, TestMain> tests;
    return tests;
}

std::string baseName(const char* path) {
    std::string name(path);
    const auto slash = name.find_last_of("/\\");
    if (slash != std::string::npos) name.erase(0, slash + 1);
    const auto dot = name.rfind('.');
    if (dot != std::string::npos) name.erase(dot);
    return name;
}

}  // namespace

bool registerTestMain(const char* sourceFile, TestMain run) {
    registry()[baseName(sourceFile)] = run;
    return true;
}

}  // namespace latentlab::testing

int main(int argc, char* argv[]) {
    const auto& tests = latentlab::testing::registry();
    const auto found = argc >= 2 ? tests.find(argv[1]) : tests.end();
    if (found == tests.end()) {
        if (argc >= 2) std::fprintf(stderr, "No test class named %s here.\n", argv[1]);
        std::fprintf(stderr, "Usage: %s TEST [Qt Test options]\nTests:\n", argv[0]);
        for (const auto& [name, run] : tests) std::fprintf(stderr, "  %s\n", name.c_str());
        return 2;
    }
    // The class sees the program's name and the options after its own name.
    std::vector<char*> arguments{argv[0]};
    for (int i = 2; i < argc; ++i) arguments.push_back(argv[i]);
    arguments.push_back(nullptr);
    return found->second(static_cast<int>(arguments.size()) - 1, arguments.data());
}
