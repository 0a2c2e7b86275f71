// Package scenario reads scenario files: one JSON object naming everything a training
// run needs (README.md in this folder is the users' guide, field by field). A scenario
// gives the source law π, the augmentation TPM A (explicit rows, or a markov family
// with its parameters), optional state labels, the batch size N, the temperature τ, the
// loss with the SC-InfoNCE α and β, the model, the optimiser and its schedule, the
// run's length and recording, the seed and number of replicates, and output options.
//
// Defaults. Every field is optional; an omitted field takes the value of the paper's
// toy experiment (docs/theory.md §7, simulate.ToyConfig), which is also the embedded
// default.json that Default parses:
//
//	source               uniform over the TPM's states (the toy's π = (1/3, 1/3, 1/3))
//	tpm                  rows [[.5 .3 .2] [.2 .5 .3] [.2 .3 .5]]
//	labels               none (states are named by index)
//	batch_size           1000
//	loss                 "infonce"
//	tau                  1
//	alpha, beta          1, 0              (only scinfonce, scinfonce-decoupled)
//	model.kind           "mlp"
//	model.dim            16                (only embedding: the toy MLP's output width)
//	model.widths         [8, 16, 16, 16]   (only mlp)
//	model.noise          0.1               (only mlp)
//	optimizer.name       "adam"
//	optimizer.lr         0.001
//	optimizer.momentum   0                 (only sgd)
//	schedule.kind        "warmup-cosine"
//	schedule.warmup      min(10, steps)    (only warmup-cosine)
//	steps                600
//	record_every         10
//	eval_batches         10                (simulate's default)
//	average_from         0                 (no parameter averaging)
//	seed                 1
//	replicates           1
//	limits               none              (the machine's memory, 10¹⁵ flops)
//	output.formats       ["png", "svg", "pdf"]
//	output.reference_metrics  false
//
// TPM families take their parameters beside "family": m (identity, uninformative,
// lazy, dirichlet; default: the length of source), eps (lazy), sizes and within
// (block), perm (permutation), row (uninformative; default uniform) and kappa and seed
// (dirichlet; seed default 1). A Dirichlet TPM is markov.RandomDirichlet(m, kappa, r)
// with r = rand.New(rand.NewPCG(tpm.seed, 0x74706d)), a stream apart from the
// training streams sample.Stream(seed, replicate), so the matrix depends only on
// tpm.seed. A parameter that the chosen kind (model kind, optimiser, schedule, TPM
// family, loss) does not use is an error rather than silently ignored.
//
// Resolved form and hash. Resolved writes a scenario as canonical JSON: fields in a
// fixed order, every default filled in, only the parameters in use, floats in their
// shortest exact decimal form (so parsing it gives bit-identical numbers). Parsing the
// resolved form gives the same resolved form; Hash is the hex SHA-256 of it.
//
// Reading. Parse reads the file with internal/strictjson into the pointer-field forms
// of form.go (an omitted field is nil), decode applies every default in one place,
// and Validate checks what belongs to the format; the rules of a run are
// simulate.Config.ValidateFields', whose *simulate.FieldError this package maps onto
// JSON paths (FieldPath). Config refuses, before anything of the run's size is
// allocated, a scenario whose estimated memory or work (simulate.Config.Estimate)
// exceeds Limits (the limits field; default the machine's memory or ulimit -v, and
// simulate.DefaultMaxFlops).
//
// Failure policy. Parse, Load, Validate, Space, Config and Resolved return an *Error
// for any problem with the data, naming the field as a JSON path (tpm.rows[1],
// model.widths[0]), the value (as the file writes it, for Parse) and what was
// expected, with the member's line and column when Parse knows them. Errors of markov,
// feature and simulate are wrapped (errors.As finds markov.RowSumError,
// feature.UnreachableError, simulate.FieldError, simulate.ResourceError, …). Unknown
// or wrongly cased fields, duplicate fields, null values, a BOM, bare NaN or Infinity,
// fractions for integers, an empty file and a second JSON value after the object are
// errors.
// No input makes Parse panic (FuzzParse); Default panics only if the embedded file
// were invalid, which a test rules out. A scenario has at most MaxStates states.
package scenario
