#include "model/store/checkpoint_archive.h"

#include "model/base/error.h"
#include "model/store/bytes_reader.h"
#include "model/store/pickle_names.h"

#include <caffe2/serialize/inline_container.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <memory>
#include <regex>
#include <set>
#include <sstream>
#include <utility>
#include <vector>

namespace latentlab {

namespace {

[[noreturn]] void refuse(const std::string& why) {
    throw Error("it is not a LatentLab checkpoint or is damaged (" + why + ")");
}

// A checkpoint's declarations are plain modules: LibTorch 1.13's parser
// crashes on some malformed ones (fuzz_checkpoint found a SEGV in
// ScriptTypeParser::parseClassConstant), so only these lines pass.
const std::regex& declaration_line() {
    static const std::regex line(
        R"(class Module\(Module\):)"
        R"(|  __(parameters|buffers)__ = \[("[A-Za-z0-9_./]+", )*\])"
        R"(|  __annotations__ = \[\])"
        R"(|  (__annotations__\["[A-Za-z0-9_./]+"\] =|[A-Za-z_][A-Za-z0-9_]* :) )"
        R"((Tensor|str|int|float|bool|Tuple\[float, float\]|List\[(int|float)\]|)"
        R"(__torch__\.___torch_mangle_[0-9]+\.Module))");
    return line;
}

// What LibTorch's pickler calls besides the archive's own classes (1.13 and
// 2.x: tensors, storages, typed lists, and 2.x's tagged dict of each tensor's
// math bits), and the type tags it writes for what a checkpoint holds.
bool is_library_global(const PickleGlobal& g) {
    static const std::set<std::pair<std::string, std::string>> known = {
        {"torch._utils", "_rebuild_tensor_v2"},  {"collections", "OrderedDict"},
        {"torch.jit._pickle", "build_intlist"},  {"torch.jit._pickle", "build_doublelist"},
        {"torch.jit._pickle", "build_boollist"}, {"torch.jit._pickle", "build_tensorlist"},
        {"torch.jit._pickle", "restore_type_tag"}, {"torch", "device"}};
    static const std::set<std::string> storages = {
        "FloatStorage", "DoubleStorage", "HalfStorage", "BFloat16Storage", "LongStorage",
        "IntStorage",   "ShortStorage",  "CharStorage", "ByteStorage",     "BoolStorage"};
    return known.count({g.module, g.name}) > 0 || (g.module == "torch" && storages.count(g.name) > 0);
}

bool is_known_type_tag(const std::string& tag) {
    static const std::set<std::string> tags = {"Dict[int, bool]", "Dict[str, bool]", "List[int]",
                                               "List[float]",     "List[bool]",      "List[Tensor]",
                                               "List[str]"};
    return tags.count(tag) > 0;
}

bool is_archive_class(const std::string& module) {
    return module == "__torch__" || module.rfind("__torch__.", 0) == 0;
}

// The classes the archive declares and, for each, the classes its attributes
// are instances of.
using ClassUses = std::map<std::string, std::vector<std::string>>;

// "code/__torch__/___torch_mangle_3.py" declares "__torch__.___torch_mangle_3.Module".
void read_declarations(caffe2::serialize::PyTorchStreamReader& reader, const std::string& record, ClassUses& classes) {
    static const std::regex class_type(R"(__torch__\.___torch_mangle_[0-9]+\.Module)");
    const auto [data, size] = reader.getRecord(record);
    std::istringstream text(std::string(static_cast<const char*>(data.get()), size));
    const bool is_code = record.rfind("code/", 0) == 0;
    std::string qualifier = record.substr(is_code ? 5 : 0, record.size() - (is_code ? 5 : 0) - 3);
    std::replace(qualifier.begin(), qualifier.end(), '/', '.');
    const std::string declared = qualifier + ".Module";
    bool in_class = false;
    for (std::string line; std::getline(text, line);) {
        if (line.empty()) continue;
        if (!std::regex_match(line, declaration_line()))
            refuse("its archive declares \"" + line.substr(0, 60) + "\"");
        if (line == "class Module(Module):") {
            if (in_class || classes.count(declared) > 0) refuse("its archive declares " + declared + " twice");
            in_class = true;
            if (is_code) classes[declared];
            continue;
        }
        if (!in_class) refuse("its archive declares attributes outside a class in " + record);
        for (auto it = std::sregex_iterator(line.begin(), line.end(), class_type); it != std::sregex_iterator(); ++it)
            if (is_code) classes[declared].push_back(it->str());
    }
}

void check_pickle_names(caffe2::serialize::PyTorchStreamReader& reader, const std::string& record,
                        const ClassUses& classes) {
    if (!reader.hasRecord(record)) return;
    const auto [data, size] = reader.getRecord(record);
    PickleNames names;
    try {
        names = pickle_names(std::string_view(static_cast<const char*>(data.get()), size));
    } catch (const Error& e) {
        refuse(record + ": " + e.what());
    }
    for (const PickleGlobal& g : names.globals) {
        if (is_archive_class(g.module)) {
            if (classes.count(g.module + "." + g.name) == 0)
                refuse("its data is an instance of " + g.module + "." + g.name + ", which it does not declare");
        } else if (!is_library_global(g)) {
            refuse("its data calls " + g.module + "." + g.name + ", which no checkpoint does");
        }
    }
    for (const std::string& tag : names.type_tags)
        if (!is_known_type_tag(tag)) refuse("its data has the type tag \"" + tag.substr(0, 60) + "\"");
}

// LibTorch resolves a module's attribute types while it defines the module,
// so a class used before it is declared, or one that contains itself, ends
// the process. Depth-first, without recursion: a hand-made archive may chain
// many classes.
void check_class_graph(const ClassUses& classes) {
    for (const auto& [name, uses] : classes)
        for (const std::string& used : uses)
            if (classes.count(used) == 0) refuse(name + " has an attribute of the undeclared class " + used);
    enum class State { New, Open, Done };
    std::map<std::string, State> state;
    for (const auto& entry : classes) {
        if (state[entry.first] != State::New) continue;
        std::vector<std::pair<const std::string*, size_t>> path{{&entry.first, 0}};
        state[entry.first] = State::Open;
        while (!path.empty()) {
            auto& [name, next] = path.back();
            const auto& uses = classes.at(*name);
            if (next == uses.size()) {
                state[*name] = State::Done;
                path.pop_back();
                continue;
            }
            const std::string& used = uses[next++];
            if (state[used] == State::Open) refuse(used + " contains itself");
            if (state[used] == State::New) {
                state[used] = State::Open;
                path.push_back({&classes.find(used)->first, 0});
            }
        }
    }
}

}  // namespace

void check_checkpoint_archive(const std::string& archive) {
    caffe2::serialize::PyTorchStreamReader reader(std::make_shared<BytesReader>(archive));
    const std::vector<std::string> records = reader.getAllRecords();
    std::set<std::string> seen;
    for (const std::string& name : records)
        if (!seen.insert(name).second) refuse("its archive holds \"" + name.substr(0, 60) + "\" twice");
    ClassUses classes;
    for (const std::string& name : records)
        if (name.size() >= 3 && name.compare(name.size() - 3, 3, ".py") == 0) read_declarations(reader, name, classes);
    check_class_graph(classes);
    check_pickle_names(reader, "data.pkl", classes);
    check_pickle_names(reader, "constants.pkl", classes);
}

}  // namespace latentlab
