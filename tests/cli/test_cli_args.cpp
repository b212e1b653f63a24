// Every sdstudio-cli command's every option, straight from the command
// table: too few values, too many, stray words and duplicates are usage
// errors that name the word at fault, so no word is dropped silently
// (issue 17: "--prompt a red fox" rendered "a" and exited 0). The parser runs
// in-process (sdstudio_cli); a few cases run the program to check that a
// usage error exits 2 and points at --help.
#include <QtTest>

#include "app/cli/command.h"
#include "app/cli/help_text.h"
#include "support/cli_process.h"

using namespace sd::cli;

namespace {

using Args = std::vector<std::string>;

// The smallest valid command line: every required option with a value and
// as many positional words as the command needs.
Args baseline(const CommandSpec& spec, const std::string& except = "") {
  Args args;
  for (std::size_t i = 0; i < spec.positionals.min; ++i) args.push_back("WORD" + std::to_string(i));
  for (const auto& o : spec.options)
    if (o.required && o.name != except) args.insert(args.end(), {"--" + o.name, "1"});
  return args;
}

Args operator+(Args a, const Args& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// The UsageError's message, or "" when the line parses.
QString usageError(const CommandSpec& spec, const Args& args) {
  try {
    parseArguments(spec, args);
    return {};
  } catch (const UsageError& e) {
    return QString::fromStdString(e.what());
  }
}

QString line(const CommandSpec& spec, const Args& args) {
  QString out = QString::fromStdString(spec.name);
  for (const auto& a : args) out += " " + QString::fromStdString(a);
  return out;
}

// "" when `args` is a usage error that says `expected`, else what went wrong.
QString mismatch(const CommandSpec& spec, const Args& args, const QString& expected) {
  const QString message = usageError(spec, args);
  if (!message.isEmpty() && message.contains(expected)) return {};
  return line(spec, args) + "\n  said: " + (message.isEmpty() ? "(no error)" : message) + "\n  expected: " + expected;
}

// Variadic, so braced argument lists pass through whole.
#define EXPECT_USAGE_ERROR(...)                 \
  do {                                          \
    const QString problem = mismatch(__VA_ARGS__); \
    QVERIFY2(problem.isEmpty(), qPrintable(problem)); \
  } while (0)

}  // namespace

class TestCliArgs : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void baselineParses() {
    for (const auto& spec : allCommands()) QVERIFY2(usageError(spec, baseline(spec)).isEmpty(), qPrintable(line(spec, baseline(spec))));
  }

  void everyOptionTooFewValues() {
    for (const auto& spec : allCommands())
      for (const auto& o : spec.options) {
        if (o.arity == Arity::Flag) continue;
        const std::string opt = "--" + o.name;
        const auto others = baseline(spec, o.name);
        EXPECT_USAGE_ERROR(spec, others + Args{opt}, QString::fromStdString(opt + " needs a value (" + o.valueName + ")"));
        EXPECT_USAGE_ERROR(spec, others + Args{opt, "--json"}, QString::fromStdString(opt + " needs a value"));
        QVERIFY(usageError(spec, Args{opt + "="} + others).isEmpty());  // an explicit empty value is a value
      }
  }

  void everyOptionTooManyValues() {
    for (const auto& spec : allCommands())
      for (const auto& o : spec.options) {
        const std::string opt = "--" + o.name;
        const auto args = baseline(spec, o.name) + Args{opt, "1", "2"};
        if (o.arity == Arity::Flag) {
          EXPECT_USAGE_ERROR(spec, baseline(spec, o.name) + Args{opt + "=1"}, QString::fromStdString(opt + " takes no value"));
          if (spec.positionals.max == 0)
            EXPECT_USAGE_ERROR(spec, baseline(spec, o.name) + Args{opt, "stray"},
                               QString::fromStdString("unexpected 'stray': " + opt + " takes no value"));
        } else if (o.arity == Arity::Many) {
          const auto parsed = parseArguments(spec, args);  // every word up to the next option
          QCOMPARE(parsed.values(o.name), (std::vector<std::string>{"1", "2"}));
        } else if (spec.positionals.max > spec.positionals.min) {
          // The extra word is one of the command's TEXTs/FILEs (or `models get`'s ID).
          const auto parsed = parseArguments(spec, args);
          QCOMPARE(parsed.positionals().back(), std::string("2"));
        } else {
          EXPECT_USAGE_ERROR(spec, args, QString::fromStdString("unexpected '2' after " + opt + " 1: " + opt + " takes one value"));
        }
      }
  }

  void everyOptionGivenTwice() {
    for (const auto& spec : allCommands())
      for (const auto& o : spec.options) {
        const std::string opt = "--" + o.name;
        const auto twice = o.arity == Arity::Flag ? Args{opt, opt} : Args{opt, "1", opt, "2"};
        if (!o.repeatable) {
          EXPECT_USAGE_ERROR(spec, baseline(spec, o.name) + twice, QString::fromStdString(opt + " is given more than once"));
        } else {
          QCOMPARE(parseArguments(spec, baseline(spec, o.name) + twice).values(o.name), (std::vector<std::string>{"1", "2"}));
        }
      }
  }

  void everyRequiredOptionIsRequired() {
    for (const auto& spec : allCommands())
      for (const auto& o : spec.options)
        if (o.required) EXPECT_USAGE_ERROR(spec, baseline(spec, o.name), QString::fromStdString("--" + o.name + " is required"));
  }

  void strayWordsAndPositionalCounts() {
    for (const auto& spec : allCommands()) {
      const auto& p = spec.positionals;
      Args words;
      for (std::size_t i = 0; i < std::min<std::size_t>(p.max, 3); ++i) words.push_back(std::to_string(i) + ".png");
      auto options = baseline(spec);  // without its positional words
      options.erase(options.begin(), options.begin() + static_cast<std::ptrdiff_t>(p.min));
      QVERIFY2(usageError(spec, words + options).isEmpty(), qPrintable(line(spec, words + options)));
      if (p.max != PositionalSpec::kUnlimited)
        EXPECT_USAGE_ERROR(spec, words + Args{"stray"} + options, "unexpected 'stray'");
      if (p.min > 0) {
        const QString count = p.min == 1 ? "a " : QString("%1 %2 ").arg(p.min == p.max ? "exactly" : "at least").arg(p.min);
        EXPECT_USAGE_ERROR(spec, options, "needs " + count + QString::fromStdString(p.name));
      }
      EXPECT_USAGE_ERROR(spec, baseline(spec) + Args{"--bogus"}, "unknown option --bogus");
    }
  }

  void leftOverWordsSayWhatToDo_data() {
    QTest::addColumn<QString>("command");
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("expected");
    QTest::newRow("unquoted prompt") << "generate" << QStringList{"--model", "m", "--prompt", "a", "red", "fox", "--out", "o"}
                                     << "unexpected 'red' after --prompt a: --prompt takes one value; did you mean to "
                                        "quote it? --prompt \"a red fox\"";
    QTest::newRow("two prompts after one --prompt") << "generate" << QStringList{"--model", "m", "--prompt", "a cat", "a dog", "--out", "o"}
                                                    << "unexpected 'a dog' after --prompt a cat: --prompt takes one "
                                                       "value; repeat it for each: --prompt \"a cat\" --prompt \"a dog\"";
    QTest::newRow("score prompt") << "score" << QStringList{"--clip", "c", "--image", "i.png", "--prompt", "a", "lion"}
                                  << "did you mean to quote it? --prompt \"a lion\"";
    QTest::newRow("typo") << "generate" << QStringList{"--step", "3"} << "unknown option --step for 'generate'; did you mean --steps?";
    QTest::newRow("export two galleries") << "export" << QStringList{"a", "b", "--to", "o"} << "unexpected 'b': 'export' takes at most 1 GALLERY";
    QTest::newRow("words after a flag") << "bench" << QStringList{"--full-size", "fast"} << "unexpected 'fast': --full-size takes no value";
    QTest::newRow("no options at all") << "generate" << QStringList{"a", "fox"} << "'generate' takes no arguments besides its options";
    QTest::newRow("value that looks like an option") << "generate" << QStringList{"--negative", "--blurry"}
                                                     << "--negative needs a value (TEXT) before --blurry; write --negative=VALUE";
  }

  void leftOverWordsSayWhatToDo() {
    QFETCH(QString, command);
    QFETCH(QStringList, args);
    QFETCH(QString, expected);
    Args words;
    for (const auto& a : args) words.push_back(a.toStdString());
    for (const auto& spec : allCommands())
      if (spec.name == command.toStdString()) EXPECT_USAGE_ERROR(spec, words, expected);
  }

  void usageErrorsExitTwoFromTheProgram_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("expected");
    QTest::newRow("unquoted prompt") << QStringList{"generate", "--model", SD_TEST_DATA_DIR "/tiny-sd", "--prompt", "a", "red",
                                                    "fox", "--out", "/nonexistent/never"}
                                     << "did you mean to quote it? --prompt \"a red fox\"";
    QTest::newRow("out of range") << QStringList{"generate", "--model", "m", "--prompt", "x", "--steps", "0", "--out", "o"}
                                  << "--steps must be between 1 and 1000";
    QTest::newRow("many values, each checked") << QStringList{"bench-clip", "--batch", "1", "0"} << "--batch must be between 1 and 256, got 0";
    QTest::newRow("not a number") << QStringList{"bench", "--full-size", "--width", "wide"} << "--width expects a whole number";
    QTest::newRow("bench needs a model") << QStringList{"bench"} << "give --model PATH, or --full-size";
    QTest::newRow("version then a word") << QStringList{"--version", "now"} << "unexpected 'now'";
  }

  void usageErrorsExitTwoFromTheProgram() {
    QFETCH(QStringList, args);
    QFETCH(QString, expected);
    const auto r = sd::test::runCli(args);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(expected), qPrintable(r.err));
  }

  void severalValuesAreAllTaken() {
    // --image takes every file that follows it (README: --image run/*.png);
    // a missing second one is then a runtime error naming it.
    const QString image = SD_TEST_DATA_DIR "/goldens/tiny-clip/images/img0_rgb_320x240.png";
    const auto r = sd::test::runCli({"score", "--clip", SD_TEST_DATA_DIR "/tiny-clip", "--image", image,
                                     "/nonexistent/second.png", "--prompt", "a cat", "--device", "cpu"});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("/nonexistent/second.png"), qPrintable(r.err));
  }

  void helpWrapsInsteadOfCutting() {
    const auto commands = allCommands();
    std::vector<std::string> texts{programHelp(commands)};
    for (const auto& spec : commands) texts.push_back(commandHelp(spec));
    for (const auto& text : texts)
      for (const auto& l : QString::fromStdString(text).split('\n'))
        QVERIFY2(l.size() <= 80, qPrintable("longer than 80 columns: " + l));
    for (const auto& spec : commands) {
      QVERIFY2(spec.brief.ends_with('.'), spec.brief.c_str());  // a whole sentence in the command list
      QVERIFY2(QString::fromStdString(programHelp(commands)).simplified().contains(QString::fromStdString(spec.brief)),
               spec.brief.c_str());
    }
    const auto spec = std::find_if(commands.begin(), commands.end(), [](auto& c) { return c.name == "generate"; });
    QVERIFY(spec != commands.end());
    const auto generate = QString::fromStdString(commandHelp(*spec)).simplified();
    QVERIFY(generate.contains("or an A1111 name such as \"Euler a\""));
    QVERIFY(generate.contains("the init image's size rounded down to a multiple of 8"));
  }

  void wrapTextKeepsWordsWhole() {
    QCOMPARE(wrapText("aaa bbb ccc", 7, 2), std::string("aaa bbb\n  ccc"));
    QCOMPARE(wrapText("first\nsecond", 80, 4), std::string("first\n    second"));
    QCOMPARE(wrapText("…… ……", 5, 0), std::string("…… ……"));  // columns, not bytes
  }
};

QTEST_GUILESS_MAIN(TestCliArgs)
#include "test_cli_args.moc"
