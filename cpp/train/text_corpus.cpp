#include "train/text_corpus.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <sstream>

#include "base/error.hpp"
#include "base/rng.hpp"

namespace headscope::train {

namespace {

enum Gender { kMale, kFemale, kPerson, kThing };

struct Noun {
  const char* singular;
  const char* plural;
  Gender gender;
};

const Noun kNouns[] = {
    {"king", "kings", kMale},
    {"man", "men", kMale},
    {"boy", "boys", kMale},
    {"father", "fathers", kMale},
    {"brother", "brothers", kMale},
    {"queen", "queens", kFemale},
    {"woman", "women", kFemale},
    {"girl", "girls", kFemale},
    {"mother", "mothers", kFemale},
    {"sister", "sisters", kFemale},
    {"scientist", "scientists", kPerson},
    {"teacher", "teachers", kPerson},
    {"doctor", "doctors", kPerson},
    {"student", "students", kPerson},
    {"writer", "writers", kPerson},
    {"farmer", "farmers", kPerson},
    {"paper", "papers", kThing},
    {"book", "books", kThing},
    {"phone", "phones", kThing},
    {"apple", "apples", kThing},
    {"letter", "letters", kThing},
    {"car", "cars", kThing},
    {"song", "songs", kThing},
    {"house", "houses", kThing},
    {"bridge", "bridges", kThing},
    {"idea", "ideas", kThing},
};
// Verbs by what they take as object, adjectives by what they describe (a person or a thing).
const char* kThingVerbs[] = {"reviewed", "wrote", "read", "found", "liked",   "sold",
                             "built",    "lost",  "kept", "chose", "painted", "opened"};
const char* kPeopleVerbs[] = {"thanked", "helped", "met", "called", "praised", "visited", "saw"};
const char* kPeopleAdjectives[] = {"tired", "happy", "kind", "late", "famous", "clever", "ready"};
const char* kThingAdjectives[] = {"flawed", "tasty", "broken", "old", "new", "small", "famous"};
// With exclamations in the style, an exclamation draws its adjectives and verbs from these
// livelier words and a statement from the rest, so the final mark tells a masked word's likely
// choice as well as its intensifier.
bool lively(const std::string& w) {
  static const std::set<std::string> words{"happy",  "famous",  "clever",  "kind",   "tasty",
                                           "flawed", "praised", "thanked", "helped", "wrote",
                                           "built",  "painted", "found",   "liked"};
  return words.count(w) > 0;
}

struct Agreeing {
  const char* singular;
  const char* plural;
};
const Agreeing kSay[] = {
    {"says", "say"}, {"thinks", "think"}, {"knows", "know"}, {"believes", "believe"}};
const Agreeing kIs = {"is", "are"}, kWas = {"was", "were"};

struct Mention {
  int noun;
  bool plural;
  int index;  // position of the head noun in the sentence
};

// Every draw from the generator is its own statement: C++ leaves the order of a call's arguments
// unspecified (g++ and clang differ), and the corpus must be the same natively and in wasm.
class Builder {
 public:
  Builder(Rng& rng, const CorpusStyle& style) : rng_(rng), style_(style) {
    if (style_.exclamations > 0.0f) exclamation_ = chance(style_.exclamations);
  }

  int pick(int n) { return int(rng_.next_u32() % std::uint32_t(n)); }
  bool chance(float p) { return rng_.uniform() < p; }
  template <typename T, std::size_t N>
  const T& any(const T (&list)[N]) {
    return list[pick(int(N))];
  }
  // A word of the list that suits the sentence's mood (see lively()).
  template <std::size_t N>
  const char* any_in_mood(const char* const (&list)[N]) {
    if (style_.exclamations <= 0.0f) return any(list);
    for (;;)
      if (const char* w = any(list); lively(w) == exclamation_) return w;
  }

  int add(const std::string& w, int link = -1, int kind = kNoLink) {
    s_.words.push_back(w);
    s_.link.push_back(link);
    s_.link_kind.push_back(kind);
    return int(s_.words.size()) - 1;
  }

  // "the [adj] noun"; returns the mention.
  Mention noun_phrase(int noun, bool plural) {
    const Noun& n = kNouns[noun];
    const char* adjective = chance(0.25f) ? adjective_for(noun) : nullptr;
    const std::string next = adjective ? adjective : plural ? n.plural : n.singular;
    if (plural || chance(0.6f))
      add("the");
    else
      add(std::string("aeiou").find(next[0]) != std::string::npos ? "an" : "a");
    if (adjective) add(adjective);
    Mention m{noun, plural, add(plural ? n.plural : n.singular)};
    mentions_.push_back(m);
    return m;
  }

  // An adjective after "is"/"was", with the style's intensifier (see CorpusStyle::exclamations).
  void predicate_adjective(int noun) {
    if (style_.exclamations > 0.0f && chance(0.5f)) add(exclamation_ ? "so" : "very");
    add(adjective_for(noun));
  }

  // The sentence's final mark.
  void end() { add(exclamation_ ? "!" : "."); }

  const char* adjective_for(int noun) {
    return kNouns[noun].gender == kThing ? any_in_mood(kThingAdjectives)
                                         : any_in_mood(kPeopleAdjectives);
  }

  // A person does something to a person or a thing: "thanked the boys", "sold a car".
  Mention action(bool people_object, bool plural) {
    add(people_object ? any_in_mood(kPeopleVerbs) : any_in_mood(kThingVerbs));
    return noun_phrase(random_noun(people_object), plural);
  }

  int random_noun(bool people) {
    for (;;) {
      const int n = pick(int(std::size(kNouns)));
      if ((kNouns[n].gender != kThing) == people) return n;
    }
  }

  // Optional relative clause after a person subject: "who reviewed the papers" (an attractor
  // noun of the other number, most of the time), set off by commas as the style asks.
  void relative_clause(const Mention& subject) {
    if (kNouns[subject.noun].gender == kThing || !chance(0.55f)) return;
    bool set_off = false;
    if (style_.comma_clauses > 0.0f) set_off = chance(style_.comma_clauses);
    if (set_off) add(",");
    add("who");
    const bool plural = chance(0.75f) ? !subject.plural : subject.plural;
    action(chance(0.5f), plural);
    if (set_off) add(",");
  }

  int agree(const Agreeing& verb, const Mention& subject) {
    return add(subject.plural ? verb.plural : verb.singular, subject.index, kVerbSubject);
  }

  // The subject pronoun for a mention, or "" when another mention shares its features (the
  // pronoun would be ambiguous) or a singular person noun has no gendered pronoun.
  std::string pronoun(const Mention& m) const {
    const Gender g = kNouns[m.noun].gender;
    if (!m.plural && g == kPerson) return "";
    for (const Mention& other : mentions_)
      if (other.index != m.index && other.plural == m.plural &&
          (m.plural || kNouns[other.noun].gender == g))
        return "";
    if (m.plural) return "they";
    return g == kMale ? "he" : g == kFemale ? "she" : "it";
  }

  Sentence take() { return std::move(s_); }
  const std::vector<Mention>& mentions() const { return mentions_; }

 private:
  Rng& rng_;
  const CorpusStyle& style_;
  Sentence s_;
  std::vector<Mention> mentions_;
  bool exclamation_ = false;
};

// One sentence; false if the draw could not place an unambiguous pronoun (then redrawn).
bool sentence(Rng& rng, const CorpusStyle& style, Sentence& out) {
  Builder b(rng, style);
  const bool people = b.chance(0.75f);
  const bool plural = b.chance(0.5f);
  const Mention subject = b.noun_phrase(b.random_noun(people), plural);
  b.relative_clause(subject);
  // Things only say nothing and do nothing: they get the "was ADJ because" form.
  const int form = people ? b.pick(4) : 1;
  if (form == 0) {
    // S [rel] says that PRON is ADJ .
    b.agree(b.any(kSay), subject);
    b.add("that");
  } else if (form == 1) {
    // S [rel] was ADJ because PRON ... .
    b.agree(kWas, subject);
    b.predicate_adjective(subject.noun);
    b.add("because");
  } else {
    // S [rel] VERB the NOUN , and PRON was ADJ .   /   S [rel] VERB the NOUN because PRON is ADJ .
    const bool plural_object = b.chance(0.5f);
    b.action(b.chance(0.5f), plural_object);
    if (form == 2) b.add(",");
    b.add(form == 2 ? "and" : "because");
  }
  // The pronoun refers to the subject or, sometimes, to another mention.
  const std::vector<Mention>& ms = b.mentions();
  const Mention target = b.chance(0.7f) ? subject : ms[b.pick(int(ms.size()))];
  const std::string p = b.pronoun(target);
  if (p.empty()) return false;
  const Mention as_subject{target.noun, target.plural, b.add(p, target.index, kPronounAntecedent)};
  const bool person = kNouns[target.noun].gender != kThing;
  if (form == 1 && person) {
    const bool plural_object = b.chance(0.5f);
    b.action(b.chance(0.5f), plural_object);
  } else {
    b.agree(form == 2 ? kWas : kIs, as_subject);
    b.predicate_adjective(target.noun);
  }
  b.end();
  out = b.take();
  return true;
}

}  // namespace

std::vector<Sentence> generate_sentences(int count, std::uint64_t seed, const CorpusStyle& style) {
  Rng rng(seed);
  std::vector<Sentence> out;
  out.reserve(std::size_t(std::max(count, 0)));
  Sentence s;
  while (int(out.size()) < count)
    if (sentence(rng, style, s)) out.push_back(std::move(s));
  return out;
}

std::vector<Sentence> generate_passages(int count, std::uint64_t seed, const CorpusStyle& style) {
  if (style.max_sentences < 1) fail("max_sentences ", style.max_sentences, " must be at least 1");
  const int per = style.max_sentences;
  Rng rng(seed ^ 0x70a55a9e5ull);
  std::vector<Sentence> sentences = generate_sentences(per * std::max(count, 0), seed, style);
  std::vector<Sentence> out;
  out.reserve(std::size_t(std::max(count, 0)));
  for (int i = 0; i < count; ++i) {
    Sentence p = std::move(sentences[std::size_t(per) * i]);
    for (int k = 1; k < per && rng.uniform() < 0.5f; ++k) {
      if (style.separator) {
        p.words.push_back(kPassageSeparator);
        p.link.push_back(-1);
        p.link_kind.push_back(kNoLink);
      }
      const Sentence& b = sentences[std::size_t(per) * i + k];
      const int offset = int(p.words.size());
      for (std::size_t w = 0; w < b.words.size(); ++w) {
        p.words.push_back(b.words[w]);
        p.link.push_back(b.link[w] < 0 ? -1 : b.link[w] + offset);
        p.link_kind.push_back(b.link_kind[w]);
      }
    }
    out.push_back(std::move(p));
  }
  return out;
}

std::string style_to_string(const CorpusStyle& style) {
  char buf[128];
  std::snprintf(buf, sizeof buf, "comma_clauses=%g max_sentences=%d separator=%d exclamations=%g",
                double(style.comma_clauses), style.max_sentences, style.separator ? 1 : 0,
                double(style.exclamations));
  return buf;
}

CorpusStyle style_from_string(const std::string& text) {
  CorpusStyle style;
  std::istringstream in(text);
  std::string item;
  while (in >> item) {
    const std::size_t eq = item.find('=');
    const std::string key = item.substr(0, eq);
    const std::string value = eq == std::string::npos ? "" : item.substr(eq + 1);
    char* end = nullptr;
    const double v = std::strtod(value.c_str(), &end);
    if (value.empty() || *end != '\0' || !(v >= 0.0))
      fail("corpus style '", item, "' needs key=value with a number of at least 0");
    if (key == "comma_clauses" || key == "exclamations") {
      if (v > 1.0) fail("corpus style ", key, " ", value, " must be a share from 0 to 1");
      (key == "comma_clauses" ? style.comma_clauses : style.exclamations) = float(v);
    } else if (key == "max_sentences") {
      if (v < 1 || v > 16 || v != int(v))
        fail("corpus style max_sentences ", value, " must be a whole number from 1 to 16");
      style.max_sentences = int(v);
    } else if (key == "separator") {
      if (v != 0 && v != 1) fail("corpus style separator ", value, " must be 0 or 1");
      style.separator = v == 1;
    } else {
      fail("corpus style has an unknown key '", key, "'");
    }
  }
  return style;
}

std::vector<std::string> grammar_vocabulary(const CorpusStyle& style) {
  std::set<std::string> v{"the", "a",   "an", "who",  "that", "because", "and", ",",   ".",
                          "he",  "she", "it", "they", "is",   "are",     "was", "were"};
  for (const Noun& n : kNouns) v.insert({n.singular, n.plural});
  v.insert(std::begin(kThingVerbs), std::end(kThingVerbs));
  v.insert(std::begin(kPeopleVerbs), std::end(kPeopleVerbs));
  v.insert(std::begin(kPeopleAdjectives), std::end(kPeopleAdjectives));
  v.insert(std::begin(kThingAdjectives), std::end(kThingAdjectives));
  for (const Agreeing& a : kSay) v.insert({a.singular, a.plural});
  if (style.exclamations > 0.0f) v.insert({"!", "so", "very"});
  return {v.begin(), v.end()};
}

}  // namespace headscope::train
