// Tries, as TXR's manual has them: a trie is no new type but hash tables.
// A node is an eql hash from characters to child nodes, the node's value
// in the table's userdata.  trie-compress turns each valueless node with a
// single child into a cons (character . child).  Tries filter strings
// (longest key first) and become regex syntax.
#include "eval.hpp"
#include "hash.hpp"
#include "text.hpp"

namespace tine {

static val s_or, s_compound, s_opt;

static val new_node() { return make_hash(HashKind::Eql, 0, nullptr, 0); }

static bool node_p(val n) { return hashp(n) || (consp(n) && is_chr(car(n))); }

static val node_checked(val n, const char *self) {
  if (!node_p(n)) type_err(self, n, "a trie");
  return n;
}

static val node_value(val n) { return hashp(n) ? hash_userdata(n) : nullptr; }

// The child for c, or nil.
static val node_step(val n, char32_t c) {
  if (hashp(n)) return gethash(n, mkchr(c));
  return chrval(car(n)) == c ? cdr(n) : nullptr;
}

static val bi_make_trie(const Args &) { return new_node(); }

static val bi_trie_add(const Args &a) {
  val node = a[0];
  if (!hashp(node)) type_err(a.name(), node, "an uncompressed trie");
  for (char32_t c : sv(str_checked(a[1], a.name()))) {
    val next = gethash(node, mkchr(c));
    if (!next) {
      next = new_node();
      sethash(node, mkchr(c), next);
    }
    if (!hashp(next)) type_err(a.name(), a[0], "an uncompressed trie");
    node = next;
  }
  set_hash_userdata(node, a[2]);
  return a[2];
}

static val compress(val n) {
  if (!hashp(n)) return n;
  val k, v;
  for (size_t c = 0; hash_next(n, &c, &k, &v);) sethash(n, k, compress(v));
  if (hash_count(n) == 1 && !hash_userdata(n)) {
    size_t c = 0;
    hash_next(n, &c, &k, &v);
    return cons(k, v);
  }
  return n;
}

static val bi_trie_compress(const Args &a) { return compress(node_checked(a[0], a.name())); }
static val bi_trie_lookup_begin(const Args &a) { return node_checked(a[0], a.name()); }

static val bi_trie_lookup_feed_char(const Args &a) {
  node_checked(a[0], a.name());
  if (!is_chr(a[1])) type_err(a.name(), a[1], "a character");
  return node_step(a[0], chrval(a[1]));
}

static val bi_trie_value_at(const Args &a) { return node_value(node_checked(a[0], a.name())); }

// ---- regex syntax ------------------------------------------------------------------------

static val append_compound(val c, val rest) {
  if (!rest) return c;
  if (consp(rest) && car(rest) == s_compound) return cons(s_compound, cons(c, cdr(rest)));
  return list({s_compound, c, rest});
}

// The syntax matching the keys below n: each child's character followed by
// its own syntax; a node with a value may also end there.
static val node_regex(val n) {
  val alts = nullptr;
  if (hashp(n)) {
    val k, v;
    for (size_t c = 0; hash_next(n, &c, &k, &v);) alts = cons(append_compound(k, node_regex(v)), alts);
    alts = nreverse(alts);
  } else {
    alts = cons(append_compound(car(n), node_regex(cdr(n))), nullptr);
  }
  if (!alts) return nullptr;
  val r = car(alts);
  for (val l = cdr(alts); l; l = cdr(l)) r = list({s_or, r, car(l)});
  return node_value(n) ? list({s_opt, r}) : r;
}

static val bi_regex_from_trie(const Args &a) {
  val n = node_checked(a[0], a.name());
  if (hashp(n) && hash_count(n) == 0) return node_value(n) ? nullptr : s_t;  // only "", or no key at all
  return node_regex(n);
}

// ---- filtering ----------------------------------------------------------------------------

// Replace every occurrence of a key (the longest at each position) with its value.
static val trie_filter(val trie, val str) {
  std::u32string_view s = sv(str);
  std::u32string out;
  for (size_t i = 0; i < s.size();) {
    val node = trie, value = nullptr;
    size_t len = 0;
    for (size_t j = i; j < s.size() && (node = node_step(node, s[j])); ++j)
      if (val v = node_value(node)) {
        value = v;
        len = j + 1 - i;
      }
    if (len) {
      out += sv(tostringp(value));
      i += len;
    } else {
      out.push_back(s[i++]);
    }
  }
  return mkstr(out);
}

// Deep trees are bounded by the stack check; a list's spine is copied in
// a loop, with the cycle check.
static val filter_tree(val filter, val obj, const char *self) {
  if (!obj || !filter) return obj;
  if (stringp(obj)) return node_p(filter) ? trie_filter(filter, obj) : funcall1(filter, obj);
  if (!consp(obj)) return obj;
  check_stack_depth();
  val head = nullptr, tail = nullptr;
  CycleCheck cycle(obj);
  for (; consp(obj); cycle.step(obj = cdr(obj), self)) {
    val c = cons(filter_tree(filter, car(obj), self), nullptr);
    if (tail)
      rplacd(tail, c);
    else
      head = c;
    tail = c;
  }
  rplacd(tail, filter_tree(filter, obj, self));
  return head;
}

static val bi_filter_string_tree(const Args &a) { return filter_tree(a[0], a[1], a.name()); }

static val bi_filter_equal(const Args &a) {
  return boolv(equal(filter_tree(a[0], a[2], a.name()), filter_tree(a[1], a[3], a.name())));
}

static const BuiltinDef trie_builtins[] = {
    {"make-trie", 0, 0, false, bi_make_trie},
    {"trie-add", 3, 0, false, bi_trie_add},
    {"trie-compress", 1, 0, false, bi_trie_compress},
    {"trie-lookup-begin", 1, 0, false, bi_trie_lookup_begin},
    {"trie-lookup-feed-char", 2, 0, false, bi_trie_lookup_feed_char},
    {"trie-value-at", 1, 0, false, bi_trie_value_at},
    {"regex-from-trie", 1, 0, false, bi_regex_from_trie},
    {"filter-string-tree", 2, 0, false, bi_filter_string_tree},
    {"filter-equal", 4, 0, false, bi_filter_equal},
};

void init_trie() {
  s_or = intern("or");
  s_compound = intern("compound");
  s_opt = intern("?");
  register_builtins(trie_builtins);
}

}  // namespace tine
