// Searching a gallery (core/gallery/gallery_filter.h): each kind of term on
// worked examples, the boundaries of comparisons and days, what an unscored
// image does with a margin term, and the messages for terms it cannot read.
#include <QtTest>

#include <cstdlib>
#include <ctime>

#include "core/gallery/gallery_filter.h"
#include "core/gallery/gallery_query.h"
#include "core/util/error.h"

namespace {

// 2026-11-30 12:00:00 UTC; the test runs in UTC so local days are UTC days.
constexpr int64_t kNoon = 1796040000000;
constexpr int64_t kDayMs = 86400000;

sd::GalleryFacts fox() {
  sd::GalleryFacts f;
  f.prompt = "A Red Fox in the snow, (detailed:1.2)";
  f.negativePrompt = "blurry, lowres";
  f.modelName = "sd-v1-4";
  f.modelHash = "FE4EFFF1E1";
  f.scheduler = "Euler a";
  f.seed = 42;
  f.width = 512;
  f.height = 768;
  f.steps = 30;
  f.cfgScale = 7.5;
  f.addedAtMs = kNoon;
  f.margin = 0.25;
  return f;
}

bool keeps(const char* query, const sd::GalleryFacts& facts = fox()) {
  return sd::matches(sd::parseGalleryFilter(query, kNoon), facts);
}

QString refusal(const char* query) {
  try {
    sd::parseGalleryFilter(query, kNoon);
  } catch (const sd::Error& e) {
    return QString::fromUtf8(e.what());
  }
  return {};
}

}  // namespace

class TestGalleryFilter : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() {
    setenv("TZ", "UTC", 1);
    tzset();
  }

  void emptyQueryKeepsEverything() {
    QVERIFY(sd::parseGalleryFilter("   ", kNoon).empty());
    QVERIFY(keeps(""));
  }

  void wordsOfThePrompt() {
    QVERIFY(keeps("fox"));
    QVERIFY(keeps("RED fox"));  // every word, any case
    QVERIFY(!keeps("fox cat"));
    QVERIFY(keeps("\"red fox\""));
    QVERIFY(!keeps("\"fox red\""));
    QVERIFY(keeps("-cat"));
    QVERIFY(!keeps("-snow"));
    QVERIFY(keeps("(detailed:1.2)"));  // a weight is text, not a field
    QVERIFY(keeps("\"detailed:1.2\""));
    QVERIFY(!keeps("blurry"));  // the negative prompt is neg:
    QVERIFY(keeps("neg:blurry"));
    QVERIFY(keeps("-neg:watermark"));
    QVERIFY(!keeps("-neg:lowres"));
    QVERIFY(keeps("prompt:snow"));
  }

  void modelByNameOrHash() {
    QVERIFY(keeps("model:v1-4"));
    QVERIFY(keeps("model:fe4eff"));  // the hash's beginning
    QVERIFY(!keeps("model:eff"));    // …not its middle
    QVERIFY(!keeps("model:sdxl"));
  }

  void samplerInAnySpelling() {
    QVERIFY(keeps("sampler:euler_ancestral"));
    QVERIFY(keeps("sampler:\"Euler a\""));
    QVERIFY(keeps("sampler:EulerAncestralDiscreteScheduler"));
    QVERIFY(!keeps("sampler:euler"));
    QVERIFY(refusal("sampler:magic").contains("no sampler is called 'magic'"));
  }

  void seedsStepsCfgAndSize() {
    QVERIFY(keeps("seed:42"));
    QVERIFY(!keeps("seed:43"));
    QVERIFY(keeps("seed:40..42"));
    QVERIFY(!keeps("seed:43..50"));
    QVERIFY(keeps("seed:>41"));
    QVERIFY(!keeps("seed:>42"));
    QVERIFY(keeps("seed:>=42"));
    QVERIFY(keeps("seed:<=42"));
    QVERIFY(!keeps("seed:<42"));
    QVERIFY(keeps("steps:30 cfg:7.5 size:512x768"));
    QVERIFY(keeps("steps:>=25 cfg:<8"));
    QVERIFY(!keeps("steps:<30"));
    QVERIFY(!keeps("size:768x512"));
    QVERIFY(keeps("size:512\u00d7768"));
  }

  void marginIsAThreshold() {
    QVERIFY(keeps("margin:0.25"));  // no operator: at least
    QVERIFY(keeps("margin:20%"));
    QVERIFY(!keeps("margin:30%"));
    QVERIFY(keeps("margin:<30%"));
    QVERIFY(keeps("margin:>-10%"));
    auto unscored = fox();
    unscored.margin.reset();
    QVERIFY(!keeps("margin:-100%", unscored));  // no scores, no margin
    QVERIFY(keeps("fox", unscored));
  }

  void datesAreLocalDays() {
    QVERIFY(keeps("date:2026-11-30"));
    QVERIFY(keeps("date:2026-11"));
    QVERIFY(keeps("date:2026"));
    QVERIFY(keeps("date:today"));
    QVERIFY(!keeps("date:yesterday"));
    QVERIFY(!keeps("date:2026-11-29"));
    QVERIFY(keeps("date:>=2026-11-30"));
    QVERIFY(keeps("date:<=2026-11-30"));
    QVERIFY(!keeps("date:>2026-11-30"));
    QVERIFY(!keeps("date:<2026-11-30"));
    QVERIFY(keeps("date:>2026-11-29"));
    auto lastMillisecond = fox();
    lastMillisecond.addedAtMs = kNoon + kDayMs / 2 - 1;  // 23:59:59.999
    QVERIFY(keeps("date:2026-11-30", lastMillisecond));
    lastMillisecond.addedAtMs += 1;
    QVERIFY(!keeps("date:2026-11-30", lastMillisecond));
    QVERIFY(keeps("date:yesterday", [] { auto f = fox(); f.addedAtMs -= kDayMs; return f; }()));
    auto undated = fox();
    undated.addedAtMs = 0;
    QVERIFY(!keeps("date:>=1970", undated));
    const auto december = sd::parseDayRange("2026-12", kNoon);
    QCOMPARE(december.endMs - december.startMs, 31 * kDayMs);
  }

  void refusalsNameTheTerm() {
    QVERIFY(refusal("colour:red").contains("unknown field 'colour'"));
    QVERIFY(refusal("seed:abc").contains("'seed:abc'"));
    QVERIFY(refusal("seed:9..3").contains("backwards"));
    QVERIFY(refusal("seed:>1..3").contains("range takes no comparison"));
    QVERIFY(refusal("margin:20").contains("between -1 and 1"));
    QVERIFY(refusal("date:2026-02-30").contains("no day 30"));
    QVERIFY(refusal("date:2026-13").contains("month"));
    QVERIFY(refusal("size:512").contains("WIDTHxHEIGHT"));
    QVERIFY(refusal("steps:2.5").contains("whole number"));
    QVERIFY(refusal("-seed:4").contains("can be excluded"));
    QVERIFY(refusal("\"red fox").contains("never closed"));
    QVERIFY(refusal("neg:").contains("nothing to look for"));
  }

  void factsOfAStoredEntry() {
    sd::GalleryEntry entry;
    entry.fileName = "a.png";
    entry.addedAtMs = kNoon;
    entry.recipe.prompt = "a fox";
    entry.recipe.schedulerId = "ddim";
    entry.recipe.comparisonPrompts = {"a cat", "a fox", "a dog"};
    entry.recipe.probabilities = {0.2, 0.7, 0.1};
    auto facts = sd::factsOf(entry);
    QVERIFY(facts.margin.has_value());
    QVERIFY(qAbs(*facts.margin - 0.5) < 1e-12);
    QCOMPARE(facts.scheduler, std::string("ddim"));
    entry.recipe.comparisonPrompts = {"a cat", "a dog"};  // its prompt is not in the set
    entry.recipe.probabilities = {0.4, 0.6};
    QVERIFY(!sd::factsOf(entry).margin.has_value());

    sd::GalleryEntry other = entry;
    other.fileName = "b.png";
    other.recipe.prompt = "a dog";
    other.recipe.schedulerId = "euler";
    const auto kept = sd::filterEntries({entry, other}, sd::parseGalleryFilter("sampler:ddim", kNoon));
    QCOMPARE(kept.size(), std::size_t(1));
    QCOMPARE(kept[0].fileName, std::string("a.png"));
  }
};

QTEST_GUILESS_MAIN(TestGalleryFilter)
#include "test_gallery_filter.moc"
