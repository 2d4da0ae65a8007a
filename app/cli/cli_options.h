#pragma once

#include "model/base/run_config.h"
#include "model/inspect/duplicate_groups.h"

#include <QString>
#include <QStringList>

namespace latentlab {

enum class CliCommand {
    Help, Version, Train, Eval, Resume, Export, Import, Interpolate, Traverse, Map, Compare,
    // Dataset inspection (cli_inspect.cpp)
    Encode, Score, Sample, Reconstruct, Outliers, Duplicates
};

// What the command line asks for, or why it cannot be done.
struct CliRequest {
    CliCommand command = CliCommand::Help;
    QString helpText;    // for Help
    QString error;       // one line; when set, nothing else is meaningful
    RunConfig config;    // Train, Compare (the settings every run shares)
    QString decoders;    // Compare: "bernoulli,gaussian:0.5,..." (model/compare/matched_runs.h)
    bool metrics = false;  // Eval: also print the comparison table's row
    QString outDir;      // Train; Resume (empty: the checkpoint's folder)
    QString checkpoint;  // Eval, Resume, Export
    QString data;        // Eval: a dataset other than the checkpoint's
    int threads = -1;    // Eval, Resume: -1 keeps the checkpoint's setting
    QString device;      // Eval, Resume: empty keeps the checkpoint's setting
    int64_t iwSamples = 0;  // Eval, Compare: K of the importance-sampled log p(x); 0 = not estimated
    int64_t iwImages = 0;   // Eval: estimate on the first this many test images; 0 = all
    QString perImage;       // Eval: CSV of per-image values, when set
    int64_t epochs = 0;     // Resume: new total of epochs; 0 keeps the checkpoint's
    QString exportFile;     // Export: the file to write; Import: the state dict to read
    QString configFile;     // Import: the config.json the weights are for (else the file's own)
    QString torchscript;    // Import: a TorchScript module instead of a state dict
    QString likelihood;     // Import --torchscript: what its decode returns ("gaussian:0.1", ...)
    // Interpolate, Traverse, Map: where the picture or table goes, and what
    // it shows.
    QString out;            // .png, .gif or .mp4 (Interpolate), .png (Traverse), .csv (Map)
    QString mapPng;         // Map: also draw the map here
    std::string projection = "pca";  // Map: pca, tsne or umap (model/map/map_layout.h)
    int64_t fromIndex = -1, toIndex = -1;  // Interpolate: test images by index
    QString fromFile, toFile;              // Interpolate: or image files
    int64_t steps = 10;     // Interpolate: images along the path; Traverse: columns
    bool slerp = false;     // Interpolate
    double range = 3.0;     // Traverse: columns from -range to +range prior sd
    int64_t aroundIndex = -1;  // Traverse: around a test image's posterior mean...
    QString aroundFile;        // ...or a file's; neither: around the origin
    bool sample = false;    // decode a sample of p(x|z) instead of its mean
    int64_t scale = 0;      // enlargement of each image; 0: to at least 128 pixels
    // Dataset inspection (cli_inspect_options.cpp).
    int64_t count = 0;      // Sample: images to draw; Reconstruct: at most this many (0 = all)
    int64_t top = 50;       // Outliers: how many to copy
    QString rankBy = "elbo";  // Outliers: elbo, log-px, recon or mse
    int64_t seed = 1;       // Encode --sample, Score, Sample: the noise; Map: t-SNE's and UMAP's layout
    double latentThreshold = 0.0;  // Duplicates: 0 = 0.1 x the codes' spread
    double pixelThreshold = kDefaultPixelThreshold;   // Duplicates: RMS pixel difference below which a pair is kept
};

// `arguments` includes the program name, as QCoreApplication::arguments().
CliRequest parseCliArguments(const QStringList& arguments);

}  // namespace latentlab
