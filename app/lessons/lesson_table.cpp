// The lessons, as data. Every config is complete and seed-locked: the same
// lesson trains the same curves and pictures each time on the same machine
// (the CPU, so a GPU's scheduling cannot change the sums).

#include "app/lessons/lesson.h"

#include <QCoreApplication>

namespace latentlab {

namespace {

QString tr(const char* text) { return QCoreApplication::translate("Lesson", text); }

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
           "coloured by its kind of clothing."),
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
        tr("After each epoch the run measures MIG: the Training tab draws it under the KL bars (0 to 1)."),
        tr("Press \"Train with β = 4\" and compare the rows and the MIG: when it ends, this pane gives the "
           "MIG of both runs. On these pictures plain β-VAEs stay far from 1 (a few hundredths): does β = 4 "
           "raise it here?"),
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
    return lesson;
}

Lesson interpolation() {
    Lesson lesson;
    lesson.name = QStringLiteral("interpolation");
    lesson.title = tr("Interpolation");
    lesson.text = tr(
        "Every picture has a code: here 32 numbers, a point in a 32-dimensional space. Walking from one "
        "picture's code to another's and drawing each step morphs one garment into another. A straight "
        "line (linear) passes close to the centre of the space, where codes of real pictures rarely are, "
        "so its middle often looks faint and generic. A great circle (spherical, \"slerp\") keeps the "
        "distance from the centre, as real codes have it.");
    lesson.steps = {
        tr("Explore → Interpolation shows the path from an ankle boot to a pair of trousers."),
        tr("Compare the middle frames with Linear, then with Spherical (slerp): the choices after \"Path:\"."),
        tr("Press Play to swing back and forth; choose other pictures with Random or their numbers."),
    };
    lesson.data.source = LessonData::Source::FashionMnist;
    lesson.view = LessonView::Interpolation;
    lesson.fromClass = 9;  // ankle boot
    lesson.toClass = 1;    // trouser
    LessonPart part;
    part.explanation = tr("A VAE with a 32-number code trains for 10 epochs.");
    part.config = baseConfig();
    part.config.model.latent = 32;
    part.config.train.epochs = 10;
    lesson.parts = {part};
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
           "not the likelihoods, which use different units."),
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
