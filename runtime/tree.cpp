// Binary search trees (TXR's tree, tnode and tree-iter types).
//
// Nodes are plain (key left right) triples that programs can see and make,
// so balance is kept without any per-node bookkeeping: a scapegoat tree
// (alpha 1/2).  An insertion that lands deeper than log2 of the count
// rebuilds the highest unbalanced subtree on its path; deletions rebuild the
// whole tree once the count falls below half its peak.  Duplicate keys go
// to the right of their equals, so the newest duplicate is the rightmost.
#include <vector>

#include "tree.hpp"

#include <cstdio>

#include "printer.hpp"
#include "seq.hpp"

namespace tine {

struct TNode : Obj {
  val key, left, right;
};

struct Tree : Obj {
  val root;
  size_t count, max_count;
  val keyfn, lessfn, equalfn;        // nil: identity, less, equal (called directly)
  val keyname, lessname, equalname;  // as given, for printing
};

struct TreeIter : Obj {
  val tree;
  val stack;  // nodes still to visit, next first; shared freely (never mutated)
  val high;   // keys not below this end the traversal (when has_high)
  bool has_high;
};

using NodeVec = std::vector<val, gc_allocator_val>;

static TNode *node_of(val n) { return static_cast<TNode *>(n); }
static Tree *tree_of(val t) { return static_cast<Tree *>(t); }
static TreeIter *iter_of(val i) { return static_cast<TreeIter *>(i); }

static val tree_fun_whitelist_sym;

val make_tnode(val key, val left, val right) {
  TNode *n = gc_obj<TNode>(T::TNode);
  n->key = key;
  n->left = left;
  n->right = right;
  return n;
}

// ---- key abstraction -------------------------------------------------------------

static val tkey(Tree *t, val elem) { return t->keyfn ? funcall1(t->keyfn, elem) : elem; }

static bool tless(Tree *t, val a, val b) { return t->lessfn ? funcall2(t->lessfn, a, b) != nullptr : less_than(a, b); }

static bool tequal(Tree *t, val a, val b) { return t->equalfn ? funcall2(t->equalfn, a, b) != nullptr : equal(a, b); }

static val node_key(Tree *t, val n) { return tkey(t, node_of(n)->key); }

// ---- rebuilding ------------------------------------------------------------------

static void flatten(val n, NodeVec &out) {
  while (n) {
    flatten(node_of(n)->left, out);
    out.push_back(n);
    n = node_of(n)->right;
  }
}

// A balanced tree of nodes[lo, hi), rooted at the upper median.
static val build_balanced(NodeVec &nodes, size_t lo, size_t hi) {
  if (lo >= hi) return nullptr;
  size_t mid = lo + (hi - lo) / 2;
  val n = nodes[mid];
  node_of(n)->left = build_balanced(nodes, lo, mid);
  node_of(n)->right = build_balanced(nodes, mid + 1, hi);
  return n;
}

static val rebuild(val subtree) {
  NodeVec nodes;
  flatten(subtree, nodes);
  return build_balanced(nodes, 0, nodes.size());
}

static size_t subtree_size(val n) {
  size_t s = 0;
  while (n) {
    s += 1 + subtree_size(node_of(n)->left);
    n = node_of(n)->right;
  }
  return s;
}

// After inserting the last node of path (root first) at depth path.size()-1:
// rebuild the highest ancestor whose child on the path outweighs half of it.
static void rebalance_after_insert(Tree *t, NodeVec &path) {
  size_t depth = path.size() - 1;
  if (depth < 63 && (size_t(1) << depth) <= t->count) return;
  size_t child_size = 1;
  for (size_t i = path.size() - 1; i > 0; --i) {
    val parent = path[i - 1], child = path[i];
    val sibling = node_of(parent)->left == child ? node_of(parent)->right : node_of(parent)->left;
    size_t size = child_size + 1 + subtree_size(sibling);
    if (2 * child_size > size) {
      val fresh = rebuild(parent);
      if (i == 1)
        t->root = fresh;
      else if (node_of(path[i - 2])->left == parent)
        node_of(path[i - 2])->left = fresh;
      else
        node_of(path[i - 2])->right = fresh;
      return;
    }
    child_size = size;
  }
}

// ---- insertion, lookup, deletion ---------------------------------------------------

// Put node in replaced's position (its parent link, its children).
static void replace_in_place(Tree *t, val parent, val replaced, val node) {
  node_of(node)->left = node_of(replaced)->left;
  node_of(node)->right = node_of(replaced)->right;
  if (!parent)
    t->root = node;
  else if (node_of(parent)->left == replaced)
    node_of(parent)->left = node;
  else
    node_of(parent)->right = node;
}

val tree_insert_node(val tv, val node, bool allow_dupe) {
  Tree *t = tree_of(tv);
  val k = node_key(t, node);
  NodeVec path;
  val parent = nullptr;
  bool went_left = false;
  for (val n = t->root; n;) {
    val nk = node_key(t, n);
    path.push_back(n);
    if (tless(t, k, nk)) {
      parent = n, went_left = true, n = node_of(n)->left;
    } else if (!allow_dupe && tequal(t, k, nk)) {
      path.pop_back();
      replace_in_place(t, path.empty() ? nullptr : path.back(), n, node);
      return node;
    } else {
      parent = n, went_left = false, n = node_of(n)->right;
    }
  }
  node_of(node)->left = node_of(node)->right = nullptr;
  if (!parent)
    t->root = node;
  else if (went_left)
    node_of(parent)->left = node;
  else
    node_of(parent)->right = node;
  path.push_back(node);
  if (++t->count > t->max_count) t->max_count = t->count;
  rebalance_after_insert(t, path);
  return node;
}

val tree_lookup_node(val tv, val key) {
  Tree *t = tree_of(tv);
  for (val n = t->root; n;) {
    val nk = node_key(t, n);
    if (tless(t, key, nk))
      n = node_of(n)->left;
    else if (tequal(t, key, nk))
      return n;
    else
      n = node_of(n)->right;
  }
  return nullptr;
}

// Unlink the node at the end of path (root first) from the tree.
static void unlink_node(Tree *t, NodeVec &path) {
  val n = path.back();
  val parent = path.size() > 1 ? path[path.size() - 2] : nullptr;
  val repl;
  if (!node_of(n)->left) {
    repl = node_of(n)->right;
  } else if (!node_of(n)->right) {
    repl = node_of(n)->left;
  } else {
    // The in-order successor takes the node's place.
    val sp = n, s = node_of(n)->right;
    while (node_of(s)->left) sp = s, s = node_of(s)->left;
    if (sp != n) {
      node_of(sp)->left = node_of(s)->right;
      node_of(s)->right = node_of(n)->right;
    }
    node_of(s)->left = node_of(n)->left;
    repl = s;
  }
  if (!parent)
    t->root = repl;
  else if (node_of(parent)->left == n)
    node_of(parent)->left = repl;
  else
    node_of(parent)->right = repl;
  node_of(n)->left = node_of(n)->right = nullptr;
  if (--t->count * 2 < t->max_count) {
    t->root = rebuild(t->root);
    t->max_count = t->count;
  }
}

val tree_delete_node(val tv, val key) {
  Tree *t = tree_of(tv);
  NodeVec path;
  for (val n = t->root; n;) {
    val nk = node_key(t, n);
    path.push_back(n);
    if (tless(t, key, nk)) {
      n = node_of(n)->left;
    } else if (tequal(t, key, nk)) {
      unlink_node(t, path);
      return n;
    } else {
      n = node_of(n)->right;
    }
  }
  return nullptr;
}

// The path (root first) to the very node target, searching every node
// whose key equals key (duplicates may sit on either side of each other).
static bool find_path(Tree *t, val n, val target, val key, NodeVec &path) {
  if (!n) return false;
  path.push_back(n);
  if (n == target) return true;
  val nk = node_key(t, n);
  bool found;
  if (tless(t, key, nk))
    found = find_path(t, node_of(n)->left, target, key, path);
  else if (tless(t, nk, key))
    found = find_path(t, node_of(n)->right, target, key, path);
  else
    found = find_path(t, node_of(n)->left, target, key, path) || find_path(t, node_of(n)->right, target, key, path);
  if (!found) path.pop_back();
  return found;
}

val tree_delete_specific_node(val tv, val node) {
  Tree *t = tree_of(tv);
  NodeVec path;
  if (!find_path(t, t->root, node, node_key(t, node), path)) return nullptr;
  unlink_node(t, path);
  return node;
}

static val min_node(val n) {
  if (!n) return nullptr;
  while (node_of(n)->left) n = node_of(n)->left;
  return n;
}

val tree_del_min_node(val tv) {
  Tree *t = tree_of(tv);
  if (!t->root) return nullptr;
  NodeVec path;
  for (val n = t->root; n; n = node_of(n)->left) path.push_back(n);
  val n = path.back();
  unlink_node(t, path);
  return n;
}

// ---- construction -------------------------------------------------------------------

// A key abstraction function, or nil when it is the default one (which the
// tree then calls directly).
static val custom_fun(val f, const char *dflt, const char *self) {
  if (!f) return nullptr;
  val fn = fun_checked(f, self);
  return fn == sym(intern(dflt))->fun ? nullptr : fn;
}

val make_tree(val keyfn, val lessfn, val equalfn, const char *self) {
  Tree *t = gc_obj<Tree>(T::Tree);
  t->keyname = keyfn;
  t->lessname = lessfn;
  t->equalname = equalfn;
  t->keyfn = custom_fun(keyfn, "identity", self);
  t->lessfn = custom_fun(lessfn, "less", self);
  t->equalfn = custom_fun(equalfn, "equal", self);
  return t;
}

static val similar_tree(val tv) {
  Tree *t = tree_of(tv);
  Tree *n = gc_obj<Tree>(T::Tree);
  n->keyfn = t->keyfn, n->lessfn = t->lessfn, n->equalfn = t->equalfn;
  n->keyname = t->keyname, n->lessname = t->lessname, n->equalname = t->equalname;
  return n;
}

static void insert_all(val tv, val elems, bool dupes, const char *self) {
  SeqIter it(elems, self);
  for (val x; it.next(&x);) tree_insert_node(tv, make_tnode(x, nullptr, nullptr), dupes);
}

static val copy_nodes(val n) {
  if (!n) return nullptr;
  return make_tnode(node_of(n)->key, copy_nodes(node_of(n)->left), copy_nodes(node_of(n)->right));
}

// ---- iteration ----------------------------------------------------------------------

// Stack the left spine of n, skipping nodes whose keys are below low.
static val push_spine(Tree *t, val n, val stack, bool has_low, val low) {
  while (n) {
    if (has_low && tless(t, node_key(t, n), low)) {
      n = node_of(n)->right;
    } else {
      stack = cons(n, stack);
      n = node_of(n)->left;
    }
  }
  return stack;
}

static void iter_init(TreeIter *it, val tv, val low, val high) {
  it->tree = tv;
  it->has_high = !missing(high);
  it->high = it->has_high ? high : nullptr;
  it->stack = push_spine(tree_of(tv), tree_of(tv)->root, nullptr, !missing(low), missing(low) ? nullptr : low);
}

val tree_iter_begin(val tv, val low, val high) {
  TreeIter *it = gc_obj<TreeIter>(T::TreeIter);
  iter_init(it, tv, low, high);
  return it;
}

static val iter_peek(TreeIter *it) {
  if (!it->stack) return nullptr;
  val n = car(it->stack);
  Tree *t = tree_of(it->tree);
  if (it->has_high && !tless(t, node_key(t, n), it->high)) {
    it->stack = nullptr;
    return nullptr;
  }
  return n;
}

static val iter_next(TreeIter *it) {
  val n = iter_peek(it);
  if (n) it->stack = push_spine(tree_of(it->tree), node_of(n)->right, cdr(it->stack), false, nullptr);
  return n;
}

// Sequence hooks: a tree, or a tree iterator, yields its elements in order.
static val seq_begin_tree(val tv) { return tree_iter_begin(tv, s_colon, s_colon); }

static val seq_begin_iter(val iv) {
  TreeIter *src = iter_of(iv);
  TreeIter *it = gc_obj<TreeIter>(T::TreeIter);
  *it = *src;
  return it;
}

static bool seq_next(val cursor, val *out) {
  val n = iter_next(iter_of(cursor));
  if (!n) return false;
  *out = node_of(n)->key;
  return true;
}

static intptr_t seq_count(val tv) { return intptr_t(tree_of(tv)->count); }

static IterHooks tree_iter_hooks = {seq_begin_tree, seq_next, seq_count};
static IterHooks iter_iter_hooks = {seq_begin_iter, seq_next, nullptr};

// The elements with keys in [from, to): missing or nil bounds are open.
static val sub_tree(val tv, val from, val to) {
  TreeIter it;
  iter_init(&it, tv, missing(from) || !from ? s_colon : from, missing(to) || !to ? s_colon : to);
  val out = nullptr;
  for (val n; (n = iter_next(&it));) out = cons(node_of(n)->key, out);
  return nreverse(out);
}

// [tree key] looks up; [tree from..to] selects.
static val tree_dwim(val tv, val *args, int n) {
  if (n == 1 && is(args[0], T::Range)) {
    Range *r = static_cast<Range *>(args[0]);
    return sub_tree(tv, r->from == s_colon ? nullptr : r->from, r->to == s_colon ? nullptr : r->to);
  }
  if (n != 1) errorf(s_eval_error, "dwim: tree ~s takes one key", tv);
  val node = tree_lookup_node(tv, args[0]);
  return node ? node_of(node)->key : nullptr;
}

// ---- equality ---------------------------------------------------------------------------

// Nodes are equal when their keys and subtrees are.
static bool tnode_equal(val a, val b) {
  TNode *x = node_of(a), *y = node_of(b);
  return equal(x->key, y->key) && equal(x->left, y->left) && equal(x->right, y->right);
}

bool tree_equal(val a, val b) {
  if (is(a, T::TNode)) return tnode_equal(a, b);
  Tree *x = tree_of(a), *y = tree_of(b);
  if (x->count != y->count || x->keyfn != y->keyfn || x->lessfn != y->lessfn || x->equalfn != y->equalfn) return false;
  TreeIter i, j;
  iter_init(&i, a, s_colon, s_colon);
  iter_init(&j, b, s_colon, s_colon);
  for (val m, n; (m = iter_next(&i)) && (n = iter_next(&j));)
    if (!equal(node_of(m)->key, node_of(n)->key)) return false;
  return true;
}

uint64_t tree_equal_hash(val tv, int depth) {
  if (is(tv, T::TNode)) {
    TNode *n = node_of(tv);
    return (equal_hash(n->key, depth + 1) * 31 + equal_hash(n->left, depth + 1)) * 31 + equal_hash(n->right, depth + 1);
  }
  uint64_t h = 0x7E1Eu + tree_of(tv)->count;
  TreeIter it;
  iter_init(&it, tv, s_colon, s_colon);
  for (val n; (n = iter_next(&it));) h = h * 31 + equal_hash(node_of(n)->key, depth + 1);
  return h;
}

// ---- printing ---------------------------------------------------------------------------

static void out_ascii(std::u32string &out, const char *s) {
  while (*s) out.push_back(char32_t(*s++));
}

// What names a key abstraction function in #T(...): its name, or its value.
static val fun_label(val f) {
  if (is(f, T::Fun) && fun_of(f)->name) return fun_of(f)->name;
  return f;
}

static void print_tree(val tv, std::u32string &out, bool escape) {
  Tree *t = tree_of(tv);
  val labels[3] = {t->keyname, t->lessname, t->equalname};
  bool custom[3] = {t->keyfn != nullptr, t->lessfn != nullptr, t->equalfn != nullptr};
  int last = -1;
  for (int i = 0; i < 3; ++i)
    if (custom[i]) last = i;
  out_ascii(out, "#T((");
  for (int i = 0; i <= last; ++i) {
    if (i) out.push_back(' ');
    print_to(fun_label(labels[i]), out, escape);
  }
  out.push_back(')');
  TreeIter it;
  iter_init(&it, tv, s_colon, s_colon);
  for (val n; (n = iter_next(&it));) {
    out.push_back(' ');
    print_to(node_of(n)->key, out, escape);
  }
  out.push_back(')');
}

static void print_tnode(val n, std::u32string &out, bool escape) {
  out_ascii(out, "#N(");
  print_to(node_of(n)->key, out, escape);
  out.push_back(' ');
  print_to(node_of(n)->left, out, escape);
  out.push_back(' ');
  print_to(node_of(n)->right, out, escape);
  out.push_back(')');
}

static void print_tree_iter(val it, std::u32string &out, bool) {
  char text[48];
  snprintf(text, sizeof text, "#<tree-iter: %lx>", static_cast<unsigned long>(reinterpret_cast<uintptr_t>(it)));
  out_ascii(out, text);
}

// ---- read syntax ----------------------------------------------------------------------

// #T((keyfn lessfn equalfn) elem...): the functions must be named by symbols
// listed in *tree-fun-whitelist*; duplicates are kept.
val tree_literal(val form, const char *self) {
  if (form && (!consp(form) || (car(form) && !consp(car(form)))))
    errorf(s_syntax_error, "~a: #T needs an option list, not ~s", self, form);
  val funs[3] = {nullptr, nullptr, nullptr};
  int i = 0;
  val white = symbol_value(tree_fun_whitelist_sym, self);
  for (val o = car(form); consp(o) && i < 3; o = cdr(o), ++i) {
    val name = car(o);
    bool listed = false;
    for (val w = white; consp(w); w = cdr(w))
      if (car(w) == name) listed = true;
    if (!listed) errorf(s_syntax_error, "~a: #T: ~s not in *tree-fun-whitelist*", self, name);
    funs[i] = name;
  }
  val tv = make_tree(funs[0], funs[1], funs[2], self);
  insert_all(tv, cdr(form), true, self);
  return tv;
}

// #N(key left right)
val tnode_literal(val form, const char *self) {
  if (!consp(form) || !consp(cdr(form)) || !consp(cdr(cdr(form))) || cdr(cdr(cdr(form))))
    errorf(s_syntax_error, "~a: #N needs three elements, not ~s", self, form);
  return make_tnode(car(form), car(cdr(form)), car(cdr(cdr(form))));
}

// ---- builtins ----------------------------------------------------------------------------

static val tree_checked(val v, const char *self) {
  if (!is(v, T::Tree)) type_err(self, v, "a search tree");
  return v;
}

static TNode *tnode_checked(val v, const char *self) {
  if (!is(v, T::TNode)) type_err(self, v, "a tree node");
  return node_of(v);
}

static TreeIter *iter_checked(val v, const char *self) {
  if (!is(v, T::TreeIter)) type_err(self, v, "a tree iterator");
  return iter_of(v);
}

static val opt(val v) { return missing(v) ? nullptr : v; }

static val bi_tnode(const Args &a) { return make_tnode(a[0], a[1], a[2]); }
static val bi_tnodep(const Args &a) { return boolv(is(a[0], T::TNode)); }
static val bi_key(const Args &a) { return tnode_checked(a[0], a.name())->key; }
static val bi_left(const Args &a) { return tnode_checked(a[0], a.name())->left; }
static val bi_right(const Args &a) { return tnode_checked(a[0], a.name())->right; }

static val bi_set_key(const Args &a) {
  tnode_checked(a[0], a.name())->key = a[1];
  return a[0];
}
static val bi_set_left(const Args &a) {
  tnode_checked(a[0], a.name())->left = a[1];
  return a[0];
}
static val bi_set_right(const Args &a) {
  tnode_checked(a[0], a.name())->right = a[1];
  return a[0];
}

static val bi_copy_tnode(const Args &a) {
  TNode *n = tnode_checked(a[0], a.name());
  return make_tnode(n->key, n->left, n->right);
}

// (tree [elems [keyfun [lessfun [equalfun [allow-dupes]]]]])
static val bi_tree(const Args &a) {
  val tv = make_tree(opt(a[1]), opt(a[2]), opt(a[3]), a.name());
  if (opt(a[0])) insert_all(tv, a[0], opt(a[4]) != nullptr, a.name());
  return tv;
}

static val bi_treep(const Args &a) { return boolv(is(a[0], T::Tree)); }
static val bi_tree_count(const Args &a) { return mkfix(intptr_t(tree_of(tree_checked(a[0], a.name()))->count)); }

static val bi_tree_insert_node(const Args &a) {
  tree_checked(a[0], a.name());
  tnode_checked(a[1], a.name());
  return tree_insert_node(a[0], a[1], opt(a[2]) != nullptr);
}

static val bi_tree_insert(const Args &a) {
  tree_checked(a[0], a.name());
  return tree_insert_node(a[0], make_tnode(a[1], nullptr, nullptr), opt(a[2]) != nullptr);
}

static val key_or_nil(val n) { return n ? node_of(n)->key : nullptr; }

static val bi_tree_lookup_node(const Args &a) { return tree_lookup_node(tree_checked(a[0], a.name()), a[1]); }
static val bi_tree_lookup(const Args &a) { return key_or_nil(tree_lookup_node(tree_checked(a[0], a.name()), a[1])); }
static val bi_tree_delete_node(const Args &a) { return tree_delete_node(tree_checked(a[0], a.name()), a[1]); }
static val bi_tree_delete(const Args &a) { return key_or_nil(tree_delete_node(tree_checked(a[0], a.name()), a[1])); }

static val bi_tree_delete_specific_node(const Args &a) {
  tree_checked(a[0], a.name());
  tnode_checked(a[1], a.name());
  return tree_delete_specific_node(a[0], a[1]);
}

static val bi_tree_min_node(const Args &a) { return min_node(tree_of(tree_checked(a[0], a.name()))->root); }
static val bi_tree_min(const Args &a) { return key_or_nil(min_node(tree_of(tree_checked(a[0], a.name()))->root)); }
static val bi_tree_del_min_node(const Args &a) { return tree_del_min_node(tree_checked(a[0], a.name())); }
static val bi_tree_del_min(const Args &a) { return key_or_nil(tree_del_min_node(tree_checked(a[0], a.name()))); }
static val bi_tree_root(const Args &a) { return tree_of(tree_checked(a[0], a.name()))->root; }

static val bi_tree_clear(const Args &a) {
  Tree *t = tree_of(tree_checked(a[0], a.name()));
  size_t n = t->count;
  t->root = nullptr;
  t->count = t->max_count = 0;
  return n ? mkfix(intptr_t(n)) : nullptr;
}

static val bi_copy_search_tree(const Args &a) {
  Tree *src = tree_of(tree_checked(a[0], a.name()));
  Tree *t = tree_of(similar_tree(a[0]));
  t->root = copy_nodes(src->root);
  t->count = src->count;
  t->max_count = src->max_count;
  return t;
}

static val bi_make_similar_tree(const Args &a) { return similar_tree(tree_checked(a[0], a.name())); }

static val bi_tree_begin(const Args &a) { return tree_iter_begin(tree_checked(a[0], a.name()), a[1], a[2]); }

static val bi_tree_reset(const Args &a) {
  TreeIter *it = iter_checked(a[0], a.name());
  iter_init(it, tree_checked(a[1], a.name()), a[2], a[3]);
  return it;
}

static val bi_tree_next(const Args &a) { return iter_next(iter_checked(a[0], a.name())); }
static val bi_tree_peek(const Args &a) { return iter_peek(iter_checked(a[0], a.name())); }
static val bi_copy_tree_iter(const Args &a) { return seq_begin_iter(iter_checked(a[0], a.name())); }

static val bi_replace_tree_iter(const Args &a) {
  TreeIter *dst = iter_checked(a[0], a.name());
  *dst = *iter_checked(a[1], a.name());
  return dst;
}

static val bi_sub_tree(const Args &a) { return sub_tree(tree_checked(a[0], a.name()), a[1], a[2]); }

static const BuiltinDef tree_builtins[] = {
    {"tnode", 3, 0, false, bi_tnode},
    {"tnodep", 1, 0, false, bi_tnodep},
    {"key", 1, 0, false, bi_key},
    {"left", 1, 0, false, bi_left},
    {"right", 1, 0, false, bi_right},
    {"set-key", 2, 0, false, bi_set_key},
    {"set-left", 2, 0, false, bi_set_left},
    {"set-right", 2, 0, false, bi_set_right},
    {"copy-tnode", 1, 0, false, bi_copy_tnode},
    {"tree", 0, 5, false, bi_tree},
    {"treep", 1, 0, false, bi_treep},
    {"tree-count", 1, 0, false, bi_tree_count},
    {"tree-insert-node", 2, 1, false, bi_tree_insert_node},
    {"tree-insert", 2, 1, false, bi_tree_insert},
    {"tree-lookup-node", 2, 0, false, bi_tree_lookup_node},
    {"tree-lookup", 2, 0, false, bi_tree_lookup},
    {"tree-delete-node", 2, 0, false, bi_tree_delete_node},
    {"tree-delete", 2, 0, false, bi_tree_delete},
    {"tree-delete-specific-node", 2, 0, false, bi_tree_delete_specific_node},
    {"tree-min-node", 1, 0, false, bi_tree_min_node},
    {"tree-min", 1, 0, false, bi_tree_min},
    {"tree-del-min-node", 1, 0, false, bi_tree_del_min_node},
    {"tree-del-min", 1, 0, false, bi_tree_del_min},
    {"tree-root", 1, 0, false, bi_tree_root},
    {"tree-clear", 1, 0, false, bi_tree_clear},
    {"copy-search-tree", 1, 0, false, bi_copy_search_tree},
    {"make-similar-tree", 1, 0, false, bi_make_similar_tree},
    {"tree-begin", 1, 2, false, bi_tree_begin},
    {"tree-reset", 2, 2, false, bi_tree_reset},
    {"tree-next", 1, 0, false, bi_tree_next},
    {"tree-peek", 1, 0, false, bi_tree_peek},
    {"copy-tree-iter", 1, 0, false, bi_copy_tree_iter},
    {"replace-tree-iter", 2, 0, false, bi_replace_tree_iter},
    {"sub-tree", 1, 2, false, bi_sub_tree},
};

void init_trees() {
  register_builtins(tree_builtins);
  defvar_builtin("*tree-fun-whitelist*", list({intern("identity"), intern("less"), intern("equal")}));
  tree_fun_whitelist_sym = intern("*tree-fun-whitelist*");
  print_ops[int(T::Tree)] = print_tree;
  print_ops[int(T::TNode)] = print_tnode;
  print_ops[int(T::TreeIter)] = print_tree_iter;
  iter_hooks[int(T::Tree)] = &tree_iter_hooks;
  iter_hooks[int(T::TreeIter)] = &iter_iter_hooks;
  dwim_hooks[int(T::Tree)] = tree_dwim;
}

}  // namespace tine
