// sdstudio-cli models list|get|verify: the catalogue of known models
// (models/known_models.json), installing one from the web, a mirror or a
// local folder (core/catalogue/model_install.h, net/), and checking a model
// folder file by file.
#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "app/cli/commands.h"
#include "app/cli/model_catalogue.h"
#include "core/catalogue/model_file_verify.h"
#include "core/catalogue/model_install.h"
#include "core/util/error.h"
#include "core/util/terminal_text.h"
#include "core/util/transfer_meter.h"
#ifdef SDSTUDIO_CLI_NETWORK
#include "net/http_model_source.h"
#include "net/model_sources.h"
#endif

namespace sd::cli {

namespace {

namespace fs = std::filesystem;

std::atomic<bool> g_stop{false};
extern "C" void onModelsInterrupt(int) { g_stop = true; }

std::unique_ptr<ModelSource> sourceFor(const KnownModel& model, const std::string& source) {
#ifdef SDSTUDIO_CLI_NETWORK
  net::ensureCoreApplication();
  net::useProxiesFromEnvironment();
  return net::modelSourceFor(model, source);
#else
  std::error_code ec;
  if (!source.empty() && fs::is_directory(source, ec)) return std::make_unique<LocalFolderSource>(source);
  (void)model;
  throw Error("this sdstudio-cli was built without Qt Network: it can only import from a folder (--source DIR)");
#endif
}

int runList(const KnownModels& catalogue, const ParsedArgs& args) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& m : catalogue.models()) {
    const auto where = installedModelFolder(m, args.value("to"));
    const uint64_t bytes = catalogueBytes(m);
    const bool exact = std::all_of(m.files.begin(), m.files.end(), [](const auto& f) { return f.size.has_value(); });
    if (args.has("json")) {
      out.push_back({{"id", m.id}, {"name", m.name}, {"kind", m.kind}, {"layout", m.layout},
                     {"size_bytes", bytes}, {"size_exact", exact}, {"downloadable", !m.baseUrl.empty()},
                     {"installed", !where.empty()}, {"path", where.empty() ? nlohmann::json() : nlohmann::json(where.string())}});
      continue;
    }
    std::cout << m.id << "\t" << m.name << "\t" << (exact ? "" : "~") << formatBytes(bytes) << "\t"
              << (where.empty() ? "not installed" : "installed in " + where.string()) << "\n";
  }
  if (args.has("json")) std::cout << out.dump(2) << "\n";
  return kExitOk;
}

// One progress line, redrawn in place on a terminal; a line per file otherwise.
class ProgressPrinter {
 public:
  void operator()(const InstallProgress& p) {
    const auto now = TransferMeter::Clock::now();
    if (p.file != m_file || p.phase != m_phase) {
      if (!m_file.empty() && m_tty) std::fputc('\n', stderr);
      if (m_file.empty()) m_meter.start(p.total, p.done, now);
      m_file = p.file, m_phase = p.phase;
      if (!m_tty) std::fprintf(stderr, "%s %s\n", p.phase.c_str(), terminalSafe(p.file).c_str());
    }
    m_meter.setTotal(p.total);
    m_meter.update(p.done, now);
    if (!m_tty || now - m_last < std::chrono::milliseconds(200)) return;
    m_last = now;
    std::fprintf(stderr, "\r%s %s: %s\033[K", m_phase.c_str(), terminalSafe(m_file).c_str(), m_meter.describe().c_str());
  }
  void end() const {
    if (m_tty && !m_file.empty()) std::fputc('\n', stderr);
  }

 private:
  bool m_tty = ::isatty(2) == 1;
  std::string m_file, m_phase;
  TransferMeter m_meter;
  TransferMeter::Clock::time_point m_last{};
};

int runGet(const KnownModels& catalogue, const ParsedArgs& args) {
  if (args.positionals().size() != 2) throw UsageError("'models get' needs a model id (see 'sdstudio-cli models list')");
  const KnownModel& model = requireModel(catalogue, args.positionals()[1]);
  const fs::path target = modelsTarget(args.value("to"));
  auto source = sourceFor(model, args.value("source").value_or(""));
  ProgressPrinter printer;
  InstallOptions options;
  options.progress = [&](const InstallProgress& p) { printer(p); };
  options.note = [](const std::string& line) { std::cerr << line << "\n"; };
  options.cancel = &g_stop;
  options.replace = args.has("replace");
  g_stop = false;
#ifdef SDSTUDIO_CLI_NETWORK
  if (const auto warning = net::plainHttpWarning(model, args.value("source").value_or("")); !warning.empty())
    std::cerr << warning << "\n";
#endif
  std::cerr << model.id << ": " << describeChecks(model) << "\n";
  auto previous = std::signal(SIGINT, onModelsInterrupt);
  InstallResult result;
  try {
    result = installModel(model, target, *source, options);
  } catch (const Cancelled&) {
    std::signal(SIGINT, previous);
    printer.end();
    std::cerr << "stopped; the partial download (.part) is kept: run the same command again to resume\n";
    return kExitInterrupted;
  } catch (const DifferentFilesPresent& e) {
    std::signal(SIGINT, previous);
    printer.end();
    throw Error(e.what() + std::string(" (models get --replace)"));
  } catch (...) {
    std::signal(SIGINT, previous);
    printer.end();
    throw;
  }
  std::signal(SIGINT, previous);
  printer.end();
  for (const auto& line : result.verified) std::cerr << line << "\n";
  std::cout << "installed " << model.id << " in " << result.folder.string() << " ("
            << formatBytes(result.bytesFetched) << " fetched; " << result.installed.size() << " file(s) written"
            << (result.replaced.empty() ? std::string() : ", " + std::to_string(result.replaced.size()) + " replaced")
            << ")\n";
  return kExitOk;
}

int runVerify(const KnownModels& catalogue, const ParsedArgs& args) {
  if (args.positionals().size() != 2) throw UsageError("'models verify' needs a model id or a folder");
  const auto [model, folder] = modelToVerify(catalogue, args.positionals()[1], args.value("to"));
  const bool single = model->layout == "single-file";
  int bad = 0;
  for (const auto& spec : model->files) {
    const fs::path file = single ? folder : folder / fs::path(spec.path);
    std::error_code ec;
    if (!spec.required && !fs::exists(file, ec)) {
      std::cout << spec.path << ": optional, not present\n";
      continue;
    }
    const FileVerdict v = verifyModelFile(spec, file, file.string(), false);
    std::cout << (v.ok ? "ok    " : "WRONG ") << v.message << "\n";
    bad += v.ok ? 0 : 1;
  }
  if (bad > 0) throw Error(std::to_string(bad) + " file(s) of " + model->id + " in " + folder.string() + " failed verification");
  std::cerr << model->id << " in " << folder.string() << ": every required file verified\n";
  return kExitOk;
}

int runModels(const ParsedArgs& args) {
  const std::string action = args.positionals()[0];
  const KnownModels catalogue = loadCatalogue();
  if (action == "list") {
    if (args.positionals().size() > 1) throw UsageError("'models list' takes no model id");
    return runList(catalogue, args);
  }
  if (args.has("json")) throw UsageError("--json goes with 'models list'");
  if (action == "get") return runGet(catalogue, args);
  if (args.has("source")) throw UsageError("--source goes with 'models get'");
  if (args.has("replace")) throw UsageError("--replace goes with 'models get'");
  if (action == "verify") return runVerify(catalogue, args);
  throw UsageError("unknown models action '" + action + "' (list, get or verify)");
}

}  // namespace

CommandSpec modelsCommand() {
  return {"models",
          "List, download and verify the known models (SD v1.4, CLIP ViT-B/32, the demo models).",
          "models list: the models of the catalogue (models/known_models.json) with their sizes ('~' when the exact "
          "size is not published) and where they are installed.\n"
          "models get ID: downloads a model into the user's models folder (or --to DIR), resuming any partial "
          "download (.part files), after checking the free disk space. Each file is checked against the catalogue "
          "(sha256 when known, else size and tensors) before it is moved into place; a file that fails is deleted "
          "and nothing is installed. A file already at a catalogue path that is not the catalogue's (a fine-tuned "
          "or fp16 one of yours) stops the install before anything is fetched, unless --replace is given. Every "
          "file has a size cap; a download that passes it is stopped and deleted. --source takes a mirror base URL (each file at URL/its path; http, https or "
          "file://) or a local folder to import from. Proxies come from http_proxy, https_proxy and no_proxy. "
          "Ctrl+C stops and keeps what was downloaded (exit status 130).\n"
          "models verify ID|DIR: checks every file of an installed model (found in the model folders, or in --to "
          "DIR) or of a model folder, and names each wrong file.",
          "list [--json] | get ID [--source URL|DIR] [--to DIR] [--replace] | verify ID|DIR [--to DIR]",
          {flag("json", "list: print the catalogue as JSON"),
           value("source", "URL|DIR", "get: a mirror base URL or a folder to import from"),
           flag("replace", "get: replace files at catalogue paths that are not the catalogue's"),
           value("to", "DIR", "the models folder (default: the user's, see 'sdstudio-cli paths')")},
          {"ACTION [ID|DIR]", 1, 2},
          runModels};
}

}  // namespace sd::cli
