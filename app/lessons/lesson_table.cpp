// The lessons, as data. Every config is complete and seed-locked: the same
// lesson trains the same curves and pictures each time on the same machine
// (the CPU, so a GPU's scheduling cannot change the sums).

#include "app/lessons/lesson.h"

#include <QCoreApplication>

namespace latentlab {

namespace {

QString tr(const char* text) { return QCoreApplication::translate("Lesson", text); }

LessonClaim claim(int part, ClaimQuantity quantity, double low, double high, const char* statement) {
    return {part, quantity, low, high, tr(statement)};
}

// The settings every lesson shares; each lesson changes what it is about.
RunConfig baseConfig() {
    RunConfig config;
    config.model.architecture = Architecture::Mlp;
    config.model.hidden = {400};
    config.model.likelihood = LikelihoodKind::Bernoulli;
    config.train.batch_size = 128;
    config.train.learning_rate = 1e-3;
    config.train.beta = 1.0;
    config.train.seed = 1;
    config.train.device = "cpu";
    return config;
}

Lesson whatAVaeLearns() {
    Lesson lesson;
    lesson.name = QStringLiteral("what-a-vae-learns");
    lesson.title = tr("What a VAE learns");
    lesson.text = tr(
        "A variational autoencoder (VAE) squeezes each 28 × 28 picture of clothing into just two numbers, "
        "its code, and learns to draw the picture back from the code. With two numbers every picture is a "
        "point on a flat map. Nobody tells the model which picture is a shoe or a shirt; it still puts "
        "similar clothes near each other, because that makes them easier to draw back.");
    lesson.steps = {
        tr("Watch the map (Explore → Latent map) after each epoch: each dot is one test picture, "
           "coloured by its kind of clothing. By the end, for most pictures the nearest other dot is the "
           "same kind of clothing (by chance it would be one in ten)."),
        tr("The faint pictures behind the dots are what the model draws for each place on the map: "
           "its picture of the whole plane."),
        tr("Hover a dot to see its picture; click anywhere to see what the model draws there."),
        tr("Look for the borders: between shoes and bags the drawings blend from one to the other."),
    };
    lesson.data.source = LessonData::Source::FashionMnist;
    lesson.view = LessonView::LatentMap;
    lesson.manifold = true;
    LessonPart part;
    part.explanation = tr("A VAE with a 2-number code trains for 10 epochs (passes over the 60,000 pictures).");
    part.config = baseConfig();
    part.config.model.latent = 2;
    part.config.train.epochs = 10;
    lesson.parts = {part};
    lesson.claims = {
        claim(0, ClaimQuantity::NearestCodeSameClass, 0.5, 0.7,
              "for most pictures the nearest other dot is the same kind of clothing"),
    };
    return lesson;
}

Lesson posteriorCollapse() {
    Lesson lesson;
    lesson.name = QStringLiteral("posterior-collapse");
    lesson.title = tr("Posterior collapse");
    lesson.text = tr(
        "A VAE pays for every bit of information it puts into the code (the KL term, counted in nats). "
        "If its decoder can score well without the code, paying is not worth it: the code is ignored and "
        "every picture gets the same blurry answer. This is posterior collapse. Here the decoder treats "
        "every pixel as very noisy (a Gaussian with σ = 3, noise three times the whole range from black "
        "to white), so drawing details earns almost nothing and within a few epochs almost all of the "
        "code is ignored.");
    lesson.steps = {
        tr("Watch the KL bars (Training tab, right): one bar per code number. Near zero means that number "
           "carries nothing about the picture: after a few epochs most of them are there. When the run ends, "
           "this pane counts the numbers still in use."),
        tr("Look at the reconstructions under the test pictures: blurred and alike. Shoes, tops and trousers "
           "still differ, but the details of each picture are gone."),
        tr("Press \"Rescue: the capacity objective\". It makes the model keep a growing budget of "
           "information in the code (up to 15 nats): more bars rise (the pane counts them again) and the "
           "reconstructions follow their pictures more closely."),
    };
    lesson.data.source = LessonData::Source::FashionMnist;
    lesson.view = LessonView::Training;

    LessonPart collapse;
    collapse.explanation = tr("A VAE whose Gaussian decoder has σ = 3 trains for 5 epochs.");
    collapse.config = baseConfig();
    collapse.config.model.latent = 10;
    collapse.config.model.likelihood = LikelihoodKind::Gaussian;
    collapse.config.model.sigma = 3.0;
    collapse.config.train.epochs = 5;

    LessonPart rescue = collapse;
    rescue.button = tr("Rescue: the capacity objective");
    rescue.explanation = tr(
        "The same model and seed, trained to hold a KL of C nats, C rising from 0 to 15 over 5 epochs "
        "(Burgess et al. 2018): the code has to carry information.");
    rescue.config.train.capacity = 15.0;
    rescue.config.train.capacity_epochs = 5.0;
    rescue.config.train.gamma = 1000.0;
    lesson.parts = {collapse, rescue};
    lesson.claims = {
        claim(0, ClaimQuantity::UsedDimensions, 0, 3, "within a few epochs almost all of the code is ignored"),
        claim(0, ClaimQuantity::ReconstructionSpread, 0.1, 0.35,
              "the reconstructions are blurred and alike (they vary a fraction as much as the pictures)"),
        claim(1, ClaimQuantity::TestKl, 12.0, 17.0, "a growing budget of information in the code (up to 15 nats)"),
        claim(1, ClaimQuantity::UsedDimensionsGain, 3, 10, "more bars rise"),
        claim(1, ClaimQuantity::ReconstructionSpreadGain, 0.08, 0.5,
              "the reconstructions follow their pictures more closely"),
    };
    return lesson;
}

Lesson betaAndDisentanglement() {
    Lesson lesson;
    lesson.name = QStringLiteral("beta-disentanglement");
    lesson.title = tr("β and disentanglement");
    lesson.text = tr(
        "These pictures were drawn from five known factors: the shape, its scale, rotation and its x and "
        "y position. A code is disentangled when each of its numbers follows one factor. β weighs the cost "
        "of information in the code: β = 4 makes information four times dearer, which pushes the model to "
        "spend it on few, separate numbers. MIG (the mutual information gap, 0 to 1) measures how well "
        "single numbers follow single factors.");
    lesson.steps = {
        tr("Explore → Traversal: each row changes one code number from −3 to +3 and draws the result. "
           "Does a row only move the shape, or only grow it?"),
        tr("After each epoch the run measures MIG: the Training tab draws it under the KL bars. On these "
           "pictures a plain VAE stays far from 1: a few hundredths."),
        tr("Press \"Train with β = 4\" and compare the rows and the MIG: when it ends, this pane gives the "
           "MIG of both runs. β = 4 raises it, and switches a few code numbers off altogether (their bars "
           "drop to zero, their traversal rows stop changing), though it stays far from 1."),
    };
    lesson.data.source = LessonData::Source::FactorShapes;
    lesson.data.size = 32;
    lesson.data.channels = 1;
    lesson.data.count = 20000;
    lesson.data.seed = 1;
    lesson.view = LessonView::Traversal;

    LessonPart plain;
    plain.explanation = tr("A VAE (β = 1) with a 10-number code trains for 15 epochs on 20,000 shapes.");
    plain.config = baseConfig();
    plain.config.model.latent = 10;
    plain.config.train.epochs = 15;
    LessonPart beta4 = plain;
    beta4.button = tr("Train with β = 4");
    beta4.explanation = tr("The same model and seed with β = 4: information in the code costs four times more.");
    beta4.config.train.beta = 4.0;
    lesson.parts = {plain, beta4};
    lesson.claims = {
        claim(0, ClaimQuantity::Mig, 0.0, 0.05, "a plain VAE stays far from 1: a few hundredths"),
        claim(1, ClaimQuantity::MigGain, 0.01, 0.1, "β = 4 raises it"),
        claim(1, ClaimQuantity::UsedDimensionsGain, -10, -1, "switches a few code numbers off altogether"),
        claim(1, ClaimQuantity::Mig, 0.0, 0.2, "though it stays far from 1"),
    };
    return lesson;
}

Lesson interpolation() {
    Lesson lesson;
    lesson.name = QStringLiteral("interpolation");
    lesson.title = tr("Interpolation");
    lesson.text = tr(
        "Every picture has a code: here 32 numbers, a point in a 32-dimensional space. Walking from one "
        "picture's code to another's and drawing each step morphs one garment into another. A straight "
        "line (linear) passes closer to the centre of the space, where codes of real pictures rarely are, "
        "so its middle frames are fainter and blurrier. A great circle (spherical, \"slerp\") keeps the "
        "distance from the centre, as real codes have it.");
    lesson.steps = {
        tr("Explore → Interpolation shows both paths from an ankle boot to a shirt: the straight line on "
           "top, the great circle under it. Each caption gives the middle frame's distance from the centre, "
           "|z|: the line's is clearly smaller."),
        tr("Compare the two middle frames: the line's is the fainter, blurrier picture; slerp's keeps more "
           "contrast."),
        tr("Press Play to swing back and forth along the top path; choose other pictures with Random or "
           "their numbers. Some pairs show the difference less than others."),
    };
    lesson.data.source = LessonData::Source::FashionMnist;
    lesson.view = LessonView::Interpolation;
    // Ankle boot to shirt: of the pairs of classes, one whose middle frames
    // differ most in contrast on the seed-locked run (tests/app/test_lesson_claims).
    lesson.fromClass = 9;  // ankle boot
    lesson.toClass = 6;    // shirt
    LessonPart part;
    part.explanation = tr("A VAE with a 32-number code trains for 10 epochs.");
    part.config = baseConfig();
    part.config.model.latent = 32;
    part.config.train.epochs = 10;
    lesson.parts = {part};
    lesson.claims = {
        claim(0, ClaimQuantity::MidpointNormRatio, 1.4, 2.2, "the line's middle |z| is clearly smaller"),
        claim(0, ClaimQuantity::MidpointContrastRatio, 1.2, 1.8,
              "the line's middle is the fainter picture; slerp's keeps more contrast"),
    };
    return lesson;
}

}  // namespace

Lesson whichDecoder() {
    Lesson lesson;
    lesson.name = QStringLiteral("which-decoder");
    lesson.title = tr("Which decoder?");
    lesson.text = tr(
        "The decoder says how likely a picture is given its code. Bernoulli treats each pixel as a coin "
        "toss between black and white; a Gaussian as a value with bell-shaped noise around the drawn one; "
        "the continuous Bernoulli as a proper density on grey levels between 0 and 1. The same model trained "
        "with each gives different pictures and numbers that cannot be compared directly.");
    lesson.steps = {
        tr("The Compare tab trains one model per decoder from the same start (same seed, same weights)."),
        tr("Compare the reconstructions and samples side by side: which are sharp, which blurry?"),
        tr("Compare the columns measured the same way for all (squared error, SSIM, active code numbers), "
           "not the likelihoods, which use different units: Bernoulli's −ELBO is a positive number of nats "
           "(a probability of the pixels), the Gaussian's and the continuous Bernoulli's are negative "
           "(densities can exceed 1). Lower is not better across decoders."),
    };
    lesson.data.source = LessonData::Source::FashionMnist;
    lesson.view = LessonView::Compare;
    lesson.decoders = {QStringLiteral("bernoulli"), QStringLiteral("gaussian:0.1"), QStringLiteral("cbernoulli")};
    LessonPart part;
    part.explanation = tr("Bernoulli, Gaussian (σ = 0.1) and continuous Bernoulli decoders, 10 epochs each.");
    part.config = baseConfig();
    part.config.model.latent = 16;
    part.config.train.epochs = 10;
    lesson.parts = {part};
    // Parts here are the decoders, in their order.
    lesson.claims = {
        claim(0, ClaimQuantity::TestNegativeElbo, 200.0, 300.0, "Bernoulli's −ELBO is a positive number of nats"),
        claim(1, ClaimQuantity::TestNegativeElbo, -1000.0, -300.0, "the Gaussian's is negative"),
        claim(2, ClaimQuantity::TestNegativeElbo, -4000.0, -1500.0, "the continuous Bernoulli's is negative"),
    };
    return lesson;
}

const QVector<Lesson>& lessons() {
    static const QVector<Lesson> table = {whatAVaeLearns(), whichDecoder(), posteriorCollapse(),
                                          betaAndDisentanglement(), interpolation()};
    return table;
}

const Lesson* findLesson(const QString& name) {
    for (const Lesson& lesson : lessons())
        if (lesson.name.compare(name.trimmed(), Qt::CaseInsensitive) == 0) return &lesson;
    return nullptr;
}

QString unknownLessonMessage(const QString& name) {
    QStringList names;
    for (const Lesson& lesson : lessons()) names << lesson.name;
    return tr("Unknown lesson \"%1\". The lessons are: %2.").arg(name, names.join(QStringLiteral(", ")));
}

QString lessonListText() {
    QString text;
    for (const Lesson& lesson : lessons()) text += QStringLiteral("%1  %2\n").arg(lesson.name, -22).arg(lesson.title);
    return text;
}

}  // namespace latentlab
