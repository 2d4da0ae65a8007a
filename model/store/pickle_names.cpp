#include "model/store/pickle_names.h"

#include "model/base/error.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <unordered_map>
#include <unordered_set>

namespace latentlab {

namespace {

// What the walk keeps of a value: enough to recognise restore_type_tag's
// arguments, nothing of the data itself. Shared, so that a value fetched from
// the memo a million times is not copied a million times; a tuple keeps its
// elements one level deep only, so no chain of nested tuples is built.
struct Item {
    enum class Kind { Mark, String, Global, Tuple, Other } kind = Kind::Other;
    std::shared_ptr<const std::string> text;            // String
    std::shared_ptr<const PickleGlobal> global;         // Global
    std::shared_ptr<const std::vector<Item>> elements;  // Tuple
};

bool is_dotted_identifier(const std::string& s) {
    if (s.empty() || s.front() == '.' || s.back() == '.') return false;
    char previous = '.';
    for (const char c : s) {
        const bool letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
        const bool digit = c >= '0' && c <= '9';
        if (c == '.' ? previous == '.' : !(letter || (digit && previous != '.'))) return false;
        previous = c;
    }
    return true;
}

class Walker {
public:
    explicit Walker(std::string_view pickle) : in_(pickle) {}

    PickleNames walk() {
        while (true) {
            if (at_ >= in_.size()) fail("it ends before its STOP opcode");
            opcode_at_ = at_;
            const auto op = static_cast<unsigned char>(in_[at_++]);
            if (op == '.') {  // STOP
                if (stack_.empty() || stack_.back().kind == Item::Kind::Mark) fail("STOP with nothing to return");
                return std::move(names_);
            }
            step(op);
        }
    }

private:
    [[noreturn]] void fail(const std::string& what) const {
        throw Error("its pickle is damaged at byte " + std::to_string(opcode_at_) + ": " + what);
    }

    std::string_view take(uint64_t n) {
        if (n > in_.size() - at_) fail("it is cut short");
        const auto bytes = in_.substr(at_, static_cast<size_t>(n));
        at_ += static_cast<size_t>(n);
        return bytes;
    }

    uint64_t little_endian(int bytes) {
        const auto raw = take(static_cast<uint64_t>(bytes));
        uint64_t value = 0;
        for (int i = 0; i < bytes; ++i) value |= uint64_t{static_cast<unsigned char>(raw[i])} << (8 * i);
        return value;
    }

    std::string line() {
        const size_t end = in_.find('\n', at_);
        if (end == std::string_view::npos) fail("a GLOBAL name is cut short");
        std::string text(in_.substr(at_, end - at_));
        at_ = end + 1;
        return text;
    }

    Item pop() {
        if (stack_.empty() || stack_.back().kind == Item::Kind::Mark) fail("an opcode takes a value that is not there");
        Item item = std::move(stack_.back());
        stack_.pop_back();
        return item;
    }

    // The items above the topmost mark, which is removed.
    std::vector<Item> pop_to_mark() {
        const auto mark = std::find_if(stack_.rbegin(), stack_.rend(),
                                       [](const Item& i) { return i.kind == Item::Kind::Mark; });
        if (mark == stack_.rend()) fail("an opcode needs a MARK that is not there");
        const auto first = mark.base();  // just above the mark
        std::vector<Item> items(std::make_move_iterator(first), std::make_move_iterator(stack_.end()));
        stack_.erase(first - 1, stack_.end());
        return items;
    }

    void push_tuple(std::vector<Item> items) {
        for (Item& item : items)
            if (item.kind == Item::Kind::Tuple) item = Item{};
        Item tuple;
        tuple.kind = Item::Kind::Tuple;
        tuple.elements = std::make_shared<const std::vector<Item>>(std::move(items));
        stack_.push_back(std::move(tuple));
    }

    void tuple_of(int n) {
        std::vector<Item> items(static_cast<size_t>(n));
        for (int i = n - 1; i >= 0; --i) items[static_cast<size_t>(i)] = pop();
        push_tuple(std::move(items));
    }

    void top_must_exist() {
        if (stack_.empty() || stack_.back().kind == Item::Kind::Mark) fail("an opcode adds to a value that is not there");
    }

    void global() {
        PickleGlobal g;
        g.module = line();
        g.name = line();
        if (!is_dotted_identifier(g.module) || !is_dotted_identifier(g.name))
            fail("a GLOBAL names \"" + g.module.substr(0, 40) + " " + g.name.substr(0, 40) + "\", not a class");
        if (seen_globals_.insert(g.module + '\n' + g.name).second) names_.globals.push_back(g);
        Item item;
        item.kind = Item::Kind::Global;
        item.global = std::make_shared<const PickleGlobal>(std::move(g));
        stack_.push_back(std::move(item));
    }

    // LibTorch calls restore_type_tag(value, "type") and parses the type.
    void reduce() {
        const Item args = pop();
        const Item callable = pop();
        if (callable.kind == Item::Kind::Global && callable.global->module == "torch.jit._pickle" &&
            callable.global->name == "restore_type_tag") {
            if (args.kind != Item::Kind::Tuple || args.elements->size() != 2 ||
                (*args.elements)[1].kind != Item::Kind::String)
                fail("restore_type_tag is called without a type name");
            names_.type_tags.push_back(*(*args.elements)[1].text);
        }
        stack_.push_back(Item{});
    }

    // LibTorch's pickler numbers its memo entries 0, 1, 2, ... in order, and
    // LibTorch's unpickler grows its memo table to the index it is given: one
    // LONG_BINPUT of 1,378,423,400 in a 40 KB file made it allocate 16 GB and
    // more (mutate_checkpoint.py found it). So an index may only be the next
    // one or one already stored.
    void memo_put(uint64_t index) {
        top_must_exist();
        if (index > memo_.size())
            fail("it stores memo entry " + std::to_string(index) + " while the next one is " +
                 std::to_string(memo_.size()));
        memo_[index] = stack_.back();
    }

    void memo_get(uint64_t index) {
        const auto it = memo_.find(index);
        if (it == memo_.end()) fail("it refers to a memo entry that was never stored");
        stack_.push_back(it->second);
    }

    void step(unsigned char op) {
        switch (op) {
        case 0x80: take(1); break;  // PROTO
        case '(': stack_.push_back(Item{Item::Kind::Mark, nullptr, nullptr, nullptr}); break;
        case 'c': global(); break;
        case 'q': memo_put(little_endian(1)); break;  // BINPUT
        case 'r': memo_put(little_endian(4)); break;  // LONG_BINPUT
        case 'h': memo_get(little_endian(1)); break;  // BINGET
        case 'j': memo_get(little_endian(4)); break;  // LONG_BINGET
        case ')': push_tuple({}); break;              // EMPTY_TUPLE
        case 't': push_tuple(pop_to_mark()); break;   // TUPLE
        case 0x85: tuple_of(1); break;                // TUPLE1
        case 0x86: tuple_of(2); break;                // TUPLE2
        case 0x87: tuple_of(3); break;                // TUPLE3
        case '}':                                     // EMPTY_DICT
        case ']':                                     // EMPTY_LIST
        case 'N':                                     // NONE
        case 0x88:                                    // NEWTRUE
        case 0x89: stack_.push_back(Item{}); break;   // NEWFALSE
        case 'u':                                     // SETITEMS
        case 'e':                                     // APPENDS
            pop_to_mark();
            top_must_exist();
            break;
        case 's': pop(), pop(), top_must_exist(); break;  // SETITEM
        case 'a': pop(), top_must_exist(); break;         // APPEND
        case 'b': pop(), top_must_exist(); break;         // BUILD
        case 0x81:                                        // NEWOBJ: class, arguments
        case 'R': reduce(); break;                        // REDUCE: callable, arguments
        case 'Q': pop(), stack_.push_back(Item{}); break;  // BINPERSID
        case 'K': take(1), stack_.push_back(Item{}); break;  // BININT1
        case 'M': take(2), stack_.push_back(Item{}); break;  // BININT2
        case 'J': take(4), stack_.push_back(Item{}); break;  // BININT
        case 'G': take(8), stack_.push_back(Item{}); break;  // BINFLOAT
        case 0x8a: take(little_endian(1)), stack_.push_back(Item{}); break;  // LONG1
        case 'X': {                                                          // BINUNICODE
            Item s;
            s.kind = Item::Kind::String;
            s.text = std::make_shared<const std::string>(take(little_endian(4)));
            stack_.push_back(std::move(s));
            break;
        }
        default: {
            char hex[8];
            std::snprintf(hex, sizeof hex, "0x%02x", static_cast<unsigned>(op));
            fail(std::string("the opcode ") + hex + " is not one LibTorch writes");
        }
        }
    }

    std::string_view in_;
    size_t at_ = 0;
    size_t opcode_at_ = 0;
    std::vector<Item> stack_;
    std::unordered_map<uint64_t, Item> memo_;
    std::unordered_set<std::string> seen_globals_;
    PickleNames names_;
};

}  // namespace

PickleNames pickle_names(std::string_view pickle) { return Walker(pickle).walk(); }

}  // namespace latentlab
