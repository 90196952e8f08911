// Reductions and ops along a dim against PyTorch 1.13 (the table was printed by python3-torch).
import assert from "node:assert/strict";
import type { DType } from "../runtime/dtype.ts";
import type { Tensor } from "../runtime/tensor.ts";
import { all, any, mean, prod, sum } from "../runtime/ops/reduce.ts";
import { argmax, argmin, max, min } from "../runtime/ops/minmax.ts";
import { logsumexp, norm, std, variance } from "../runtime/ops/stats.ts";
import { cumprod, cumsum, log_softmax, softmax } from "../runtime/ops/scan.ts";
import { gt } from "../runtime/ops/compare.ts";
import { assertTensor, assertTorchError, tensor } from "./helpers.ts";

const X = [
  -2.5,
  1.25,
  -0.5,
  2.5,
  0.75,
  -1.0,
  2.0,
  0.25,
  -1.5,
  1.5,
  -0.25,
  -2.0,
  1.0,
  -0.75,
  3.0,
  0.5,
  -1.25,
  2.5,
  0.0,
  -1.75,
  2.0,
  -0.5,
  -2.25,
  1.5,
];
// deno-fmt-ignore
const TABLE: [string, Record<string, unknown>, number[], DType, number[]][] = [
  ["sum", {keepdim: false}, [], "float32", [4.5]],
  ["mean", {keepdim: false}, [], "float32", [0.1875]],
  ["std", {keepdim: false}, [], "float32", [1.6272977590560913]],
  ["var", {keepdim: false}, [], "float32", [2.6480977535247803]],
  ["norm", {keepdim: false}, [], "float32", [7.858116626739502]],
  ["all", {keepdim: false}, [], "bool", [0]],
  ["any", {keepdim: false}, [], "bool", [1]],
  ["prod", {keepdim: false}, [], "float32", [-0.0]],
  ["argmax", {keepdim: false}, [], "int64", [14]],
  ["argmin", {keepdim: false}, [], "int64", [0]],
  ["max", {keepdim: false}, [], "float32", [3.0]],
  ["min", {keepdim: false}, [], "float32", [-2.5]],
  ["sum", {dim: 0, keepdim: false}, [3, 4], "float32", [-1.5, 0.5, 2.5, 3.0, -0.5, 1.5, 2.0, -1.5, 0.5, 1.0, -2.5, -0.5]],
  ["mean", {dim: 0, keepdim: false}, [3, 4], "float32", [-0.75, 0.25, 1.25, 1.5, -0.25, 0.75, 1.0, -0.75, 0.25, 0.5, -1.25, -0.25]],
  ["std", {dim: 0, keepdim: false}, [3, 4], "float32", [2.4748737812042236, 1.4142135381698608, 2.4748737812042236, 1.4142135381698608, 1.4142135381698608, 2.4748737812042236, 1.4142135381698608, 1.4142135381698608, 2.4748737812042236, 1.4142135381698608, 1.4142135381698608, 2.4748737812042236]],
  ["var", {dim: 0, keepdim: false}, [3, 4], "float32", [6.125, 2.0, 6.125, 2.0, 2.0, 6.125, 2.0, 2.0, 6.125, 2.0, 2.0, 6.125]],
  ["norm", {dim: 0, keepdim: false}, [3, 4], "float32", [2.692582368850708, 1.457737922668457, 3.041381359100342, 2.5495097637176514, 1.457737922668457, 2.692582368850708, 2.0, 1.7677669525146484, 2.5, 1.5811388492584229, 2.2638463973999023, 2.5]],
  ["logsumexp", {dim: 0, keepdim: false}, [3, 4], "float32", [1.0297504663467407, 1.3769280910491943, 3.029750347137451, 2.6269280910491943, 0.8769280314445496, 2.529750347137451, 2.1269280910491943, 0.37692803144454956, 2.029750347137451, 1.6269280910491943, -0.12307195365428925, 1.5297504663467407]],
  ["all", {dim: 0, keepdim: false}, [3, 4], "bool", [0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]],
  ["any", {dim: 0, keepdim: false}, [3, 4], "bool", [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1]],
  ["prod", {dim: 0, keepdim: false}, [3, 4], "float32", [-2.5, -0.9375, -1.5, 1.25, -0.9375, -2.5, 0.0, -0.4375, -3.0, -0.75, 0.5625, -3.0]],
  ["argmax", {dim: 0, keepdim: false}, [3, 4], "int64", [1, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1]],
  ["argmin", {dim: 0, keepdim: false}, [3, 4], "int64", [0, 1, 0, 1, 1, 0, 1, 1, 0, 1, 1, 0]],
  ["max.values", {dim: 0, keepdim: false}, [3, 4], "float32", [1.0, 1.25, 3.0, 2.5, 0.75, 2.5, 2.0, 0.25, 2.0, 1.5, -0.25, 1.5]],
  ["max.indices", {dim: 0, keepdim: false}, [3, 4], "int64", [1, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1]],
  ["min.values", {dim: 0, keepdim: false}, [3, 4], "float32", [-2.5, -0.75, -0.5, 0.5, -1.25, -1.0, 0.0, -1.75, -1.5, -0.5, -2.25, -2.0]],
  ["min.indices", {dim: 0, keepdim: false}, [3, 4], "int64", [0, 1, 0, 1, 1, 0, 1, 1, 0, 1, 1, 0]],
  ["sum", {dim: 1, keepdim: true}, [2, 1, 4], "float32", [-3.25, 1.75, 1.25, 0.75, 1.75, 1.25, 0.75, 0.25]],
  ["mean", {dim: 1, keepdim: true}, [2, 1, 4], "float32", [-1.0833333730697632, 0.5833333134651184, 0.4166666567325592, 0.25, 0.5833333134651184, 0.4166666567325592, 0.25, 0.0833333358168602]],
  ["std", {dim: 1, keepdim: true}, [2, 1, 4], "float32", [1.6645820140838623, 1.3768926858901978, 1.3768926858901978, 2.25, 1.6645820140838623, 1.8085445165634155, 2.633913516998291, 1.6645820140838623]],
  ["var", {dim: 1, keepdim: true}, [2, 1, 4], "float32", [2.7708332538604736, 1.8958333730697632, 1.8958333730697632, 5.0625, 2.7708332538604736, 3.2708332538604736, 6.9375, 2.7708332538604736]],
  ["norm", {dim: 1, keepdim: true}, [2, 1, 4], "float32", [3.0103986263275146, 2.1937410831451416, 2.076655864715576, 3.211308240890503, 2.5617377758026123, 2.657536506652832, 3.75, 2.3584952354431152]],
  ["logsumexp", {dim: 1, keepdim: true}, [2, 1, 4], "float32", [0.8846825361251831, 2.1210527420043945, 2.171837091445923, 2.610206127166748, 2.3412137031555176, 2.5848569869995117, 3.0535733699798584, 1.841213583946228]],
  ["all", {dim: 1, keepdim: true}, [2, 1, 4], "bool", [0, 0, 0, 0, 0, 0, 0, 0]],
  ["any", {dim: 1, keepdim: true}, [2, 1, 4], "bool", [1, 1, 1, 1, 1, 1, 1, 1]],
  ["prod", {dim: 1, keepdim: true}, [2, 1, 4], "float32", [2.8125, -1.875, 0.25, -1.25, -2.5, 0.9375, -0.0, -1.3125]],
  ["argmax", {dim: 1, keepdim: true}, [2, 1, 4], "int64", [1, 2, 1, 0, 2, 1, 0, 2]],
  ["argmin", {dim: 1, keepdim: true}, [2, 1, 4], "int64", [0, 1, 0, 2, 1, 0, 2, 1]],
  ["max.values", {dim: 1, keepdim: true}, [2, 1, 4], "float32", [0.75, 1.5, 2.0, 2.5, 2.0, 2.5, 3.0, 1.5]],
  ["max.indices", {dim: 1, keepdim: true}, [2, 1, 4], "int64", [1, 2, 1, 0, 2, 1, 0, 2]],
  ["min.values", {dim: 1, keepdim: true}, [2, 1, 4], "float32", [-2.5, -1.0, -0.5, -2.0, -1.25, -0.75, -2.25, -1.75]],
  ["min.indices", {dim: 1, keepdim: true}, [2, 1, 4], "int64", [0, 1, 0, 2, 1, 0, 2, 1]],
  ["sum", {dim: -1, keepdim: false}, [2, 3], "float32", [0.75, 2.0, -2.25, 3.75, -0.5, 0.75]],
  ["mean", {dim: -1, keepdim: false}, [2, 3], "float32", [0.1875, 0.5, -0.5625, 0.9375, -0.125, 0.1875]],
  ["std", {dim: -1, keepdim: false}, [2, 3], "float32", [2.173466920852661, 1.2416386604309082, 1.5595805644989014, 1.5595805644989014, 1.898464322090149, 1.9512282609939575]],
  ["var", {dim: -1, keepdim: false}, [2, 3], "float32", [4.723958492279053, 1.5416666269302368, 2.4322917461395264, 2.4322917461395264, 3.6041667461395264, 3.8072917461395264]],
  ["norm", {dim: -1, keepdim: false}, [2, 3], "float32", [3.783186435699463, 2.3717081546783447, 2.9261748790740967, 3.288236618041992, 3.2977263927459717, 3.4003677368164062]],
  ["logsumexp", {dim: -1, keepdim: false}, [2, 3], "float32", [2.7949280738830566, 2.4121532440185547, 1.7261457443237305, 3.215867519378662, 2.6132099628448486, 2.532320976257324]],
  ["all", {dim: -1, keepdim: false}, [2, 3], "bool", [0, 0, 0, 0, 0, 0]],
  ["any", {dim: -1, keepdim: false}, [2, 3], "bool", [1, 1, 1, 1, 1, 1]],
  ["prod", {dim: -1, keepdim: false}, [2, 3], "float32", [3.90625, -0.375, -1.125, -1.125, 0.0, 3.375]],
  ["argmax", {dim: -1, keepdim: false}, [2, 3], "int64", [3, 2, 1, 2, 1, 0]],
  ["argmin", {dim: -1, keepdim: false}, [2, 3], "int64", [0, 1, 3, 1, 3, 2]],
  ["max.values", {dim: -1, keepdim: false}, [2, 3], "float32", [2.5, 2.0, 1.5, 3.0, 2.5, 2.0]],
  ["max.indices", {dim: -1, keepdim: false}, [2, 3], "int64", [3, 2, 1, 2, 1, 0]],
  ["min.values", {dim: -1, keepdim: false}, [2, 3], "float32", [-2.5, -1.0, -2.0, -0.75, -1.75, -2.25]],
  ["min.indices", {dim: -1, keepdim: false}, [2, 3], "int64", [0, 1, 3, 1, 3, 2]],
  ["sum", {dim: [0, 2], keepdim: false}, [3], "float32", [4.5, 1.5, -1.5]],
  ["mean", {dim: [0, 2], keepdim: false}, [3], "float32", [0.5625, 0.1875, -0.1875]],
  ["std", {dim: [0, 2], keepdim: false}, [3], "float32", [1.7965741157531738, 1.5221577882766724, 1.6836928129196167]],
  ["var", {dim: [0, 2], keepdim: false}, [3], "float32", [3.2276785373687744, 2.3169643878936768, 2.8348214626312256]],
  ["norm", {dim: [0, 2], keepdim: false}, [3], "float32", [5.012484550476074, 4.062019348144531, 4.486089706420898]],
  ["logsumexp", {dim: [0, 2], keepdim: false}, [3], "float32", [3.720532178878784, 3.2108731269836426, 2.9015111923217773]],
  ["sum", {dim: [0, 2], keepdim: true}, [1, 3, 1], "float32", [4.5, 1.5, -1.5]],
  ["mean", {dim: [0, 2], keepdim: true}, [1, 3, 1], "float32", [0.5625, 0.1875, -0.1875]],
  ["std", {dim: [0, 2], keepdim: true}, [1, 3, 1], "float32", [1.7965741157531738, 1.5221577882766724, 1.6836928129196167]],
  ["var", {dim: [0, 2], keepdim: true}, [1, 3, 1], "float32", [3.2276785373687744, 2.3169643878936768, 2.8348214626312256]],
  ["norm", {dim: [0, 2], keepdim: true}, [1, 3, 1], "float32", [5.012484550476074, 4.062019348144531, 4.486089706420898]],
  ["logsumexp", {dim: [0, 2], keepdim: true}, [1, 3, 1], "float32", [3.720532178878784, 3.2108731269836426, 2.9015111923217773]],
  ["sum", {dim: [2, 0, 1], keepdim: false}, [], "float32", [4.5]],
  ["mean", {dim: [2, 0, 1], keepdim: false}, [], "float32", [0.1875]],
  ["std", {dim: [2, 0, 1], keepdim: false}, [], "float32", [1.6272977590560913]],
  ["var", {dim: [2, 0, 1], keepdim: false}, [], "float32", [2.6480977535247803]],
  ["logsumexp", {dim: [2, 0, 1], keepdim: false}, [], "float32", [4.434247970581055]],
  ["sum", {dim: [1, 2], keepdim: true}, [2, 1, 1], "float32", [0.5, 4.0]],
  ["mean", {dim: [1, 2], keepdim: true}, [2, 1, 1], "float32", [0.0416666679084301, 0.3333333432674408]],
  ["std", {dim: [1, 2], keepdim: true}, [2, 1, 1], "float32", [1.609041690826416, 1.703383445739746]],
  ["var", {dim: [1, 2], keepdim: true}, [2, 1, 1], "float32", [2.589015245437622, 2.901515245437622]],
  ["norm", {dim: [1, 2], keepdim: true}, [2, 1, 1], "float32", [5.338539123535156, 5.7662811279296875]],
  ["logsumexp", {dim: [1, 2], keepdim: true}, [2, 1, 1], "float32", [3.5006918907165527, 3.93476939201355]],
  ["norm", {dim: 1, p: 1}, [2, 4], "float32", [4.75, 3.75, 2.75, 4.75, 4.25, 3.75, 5.25, 3.75]],
  ["norm", {dim: 1, p: 3}, [2, 4], "float32", [2.688007116317749, 1.8496590852737427, 2.011650800704956, 2.8700292110443115, 2.2208166122436523, 2.5288329124450684, 3.3734562397003174, 2.069193124771118]],
  ["norm", {dim: 1, p: Infinity}, [2, 4], "float32", [2.5, 1.5, 2.0, 2.5, 2.0, 2.5, 3.0, 1.75]],
  ["norm", {dim: 1, p: -Infinity}, [2, 4], "float32", [0.75, 1.0, 0.25, 0.25, 1.0, 0.5, 0.0, 0.5]],
  ["norm", {dim: 1, p: 0}, [2, 4], "float32", [3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 2.0, 3.0]],
  ["norm", {dim: 1, p: 0.5}, [2, 4], "float32", [13.482917785644531, 11.174169540405273, 6.871319770812988, 12.217487335205078, 12.47677230834961, 9.949426651000977, 10.446152687072754, 10.593250274658203]],
  ["var", {dim: 2, unbiased: false}, [2, 3], "float32", [3.54296875, 1.15625, 1.82421875, 1.82421875, 2.703125, 2.85546875]],
  ["std", {dim: [0, 1], correction: 0}, [4], "float32", [1.594260573387146, 1.314977765083313, 1.7179607152938843, 1.618040680885315]],
  ["var", {dim: 0, correction: 2}, [3, 4], "float32", [Infinity, Infinity, Infinity, Infinity, Infinity, Infinity, Infinity, Infinity, Infinity, Infinity, Infinity, Infinity]],
  ["softmax", {dim: 0}, [2, 3, 4], "float32", [0.02931223064661026, 0.8807970285415649, 0.02931223064661026, 0.8807970285415649, 0.8807970285415649, 0.02931223064661026, 0.8807970285415649, 0.8807970285415649, 0.02931223064661026, 0.8807970285415649, 0.8807970285415649, 0.02931223064661026, 0.970687747001648, 0.11920291930437088, 0.970687747001648, 0.11920291930437088, 0.11920291930437088, 0.970687747001648, 0.11920291930437088, 0.11920291930437088, 0.970687747001648, 0.11920291930437088, 0.11920291930437088, 0.970687747001648]],
  ["log_softmax", {dim: 0}, [2, 3, 4], "float32", [-3.529750347137451, -0.12692804634571075, -3.529750347137451, -0.12692804634571075, -0.12692804634571075, -3.529750347137451, -0.12692804634571075, -0.12692804634571075, -3.529750347137451, -0.12692804634571075, -0.12692804634571075, -3.529750347137451, -0.029750416055321693, -2.1269280910491943, -0.029750416055321693, -2.1269280910491943, -2.1269280910491943, -0.029750416055321693, -2.1269280910491943, -2.1269280910491943, -0.029750416055321693, -2.1269280910491943, -2.1269280910491943, -0.029750416055321693]],
  ["cumsum", {dim: 0}, [2, 3, 4], "float32", [-2.5, 1.25, -0.5, 2.5, 0.75, -1.0, 2.0, 0.25, -1.5, 1.5, -0.25, -2.0, -1.5, 0.5, 2.5, 3.0, -0.5, 1.5, 2.0, -1.5, 0.5, 1.0, -2.5, -0.5]],
  ["cumprod", {dim: 0}, [2, 3, 4], "float32", [-2.5, 1.25, -0.5, 2.5, 0.75, -1.0, 2.0, 0.25, -1.5, 1.5, -0.25, -2.0, -2.5, -0.9375, -1.5, 1.25, -0.9375, -2.5, 0.0, -0.4375, -3.0, -0.75, 0.5625, -3.0]],
  ["softmax", {dim: 1}, [2, 3, 4], "float32", [0.033888399600982666, 0.418510764837265, 0.06912512332201004, 0.8956494331359863, 0.8739933371543884, 0.04411071166396141, 0.8421164155006409, 0.09440075606107712, 0.09211821854114532, 0.5373784899711609, 0.08875841647386551, 0.009949766099452972, 0.2615281045436859, 0.03561968356370926, 0.9478362798690796, 0.2615281045436859, 0.02756485715508461, 0.9186437129974365, 0.04718998819589615, 0.02756485715508461, 0.7109070420265198, 0.04573657736182213, 0.004973788280040026, 0.7109070420265198]],
  ["log_softmax", {dim: 1}, [2, 3, 4], "float32", [-3.3846826553344727, -0.871052622795105, -2.671837091445923, -0.11020617932081223, -0.1346825510263443, -3.1210527420043945, -0.1718370020389557, -2.360206127166748, -2.3846826553344727, -0.621052622795105, -2.421837091445923, -4.610206127166748, -1.341213583946228, -3.3348569869995117, -0.05357348546385765, -1.341213583946228, -3.5912137031555176, -0.08485691249370575, -3.0535733699798584, -3.5912137031555176, -0.341213583946228, -3.0848569869995117, -5.3035736083984375, -0.341213583946228]],
  ["cumsum", {dim: 1}, [2, 3, 4], "float32", [-2.5, 1.25, -0.5, 2.5, -1.75, 0.25, 1.5, 2.75, -3.25, 1.75, 1.25, 0.75, 1.0, -0.75, 3.0, 0.5, -0.25, 1.75, 3.0, -1.25, 1.75, 1.25, 0.75, 0.25]],
  ["cumprod", {dim: 1}, [2, 3, 4], "float32", [-2.5, 1.25, -0.5, 2.5, -1.875, -1.25, -1.0, 0.625, 2.8125, -1.875, 0.25, -1.25, 1.0, -0.75, 3.0, 0.5, -1.25, -1.875, 0.0, -0.875, -2.5, 0.9375, -0.0, -1.3125]],
  ["softmax", {dim: 2}, [2, 3, 4], "float32", [0.005016975104808807, 0.21332721412181854, 0.037070706486701965, 0.7445850968360901, 0.18973001837730408, 0.032970130443573, 0.6622228026390076, 0.11507707089185715, 0.03971025347709656, 0.7976018190383911, 0.13860242068767548, 0.02408548817038536, 0.10905884951353073, 0.01895158737897873, 0.8058419823646545, 0.06614753603935242, 0.021000482141971588, 0.8929632306098938, 0.07329888641834259, 0.012737436220049858, 0.58724045753479, 0.04820363223552704, 0.008376535028219223, 0.3561793565750122]],
  ["log_softmax", {dim: 2}, [2, 3, 4], "float32", [-5.294928073883057, -1.5449281930923462, -3.2949280738830566, -0.2949281632900238, -1.6621532440185547, -3.4121532440185547, -0.4121532142162323, -2.1621532440185547, -3.2261457443237305, -0.22614578902721405, -1.9761457443237305, -3.7261457443237305, -2.215867519378662, -3.965867519378662, -0.21586759388446808, -2.715867519378662, -3.8632099628448486, -0.11320989578962326, -2.6132099628448486, -4.3632097244262695, -0.5323208570480347, -3.032320976257324, -4.782320976257324, -1.0323208570480347]],
  ["cumsum", {dim: 2}, [2, 3, 4], "float32", [-2.5, -1.25, -1.75, 0.75, 0.75, -0.25, 1.75, 2.0, -1.5, 0.0, -0.25, -2.25, 1.0, 0.25, 3.25, 3.75, -1.25, 1.25, 1.25, -0.5, 2.0, 1.5, -0.75, 0.75]],
  ["cumprod", {dim: 2}, [2, 3, 4], "float32", [-2.5, -3.125, 1.5625, 3.90625, 0.75, -0.75, -1.5, -0.375, -1.5, -2.25, 0.5625, -1.125, 1.0, -0.75, -2.25, -1.125, -1.25, -3.125, -0.0, 0.0, 2.0, -1.0, 2.25, 3.375]],
  ["softmax", {dim: -1}, [2, 3, 4], "float32", [0.005016975104808807, 0.21332721412181854, 0.037070706486701965, 0.7445850968360901, 0.18973001837730408, 0.032970130443573, 0.6622228026390076, 0.11507707089185715, 0.03971025347709656, 0.7976018190383911, 0.13860242068767548, 0.02408548817038536, 0.10905884951353073, 0.01895158737897873, 0.8058419823646545, 0.06614753603935242, 0.021000482141971588, 0.8929632306098938, 0.07329888641834259, 0.012737436220049858, 0.58724045753479, 0.04820363223552704, 0.008376535028219223, 0.3561793565750122]],
  ["log_softmax", {dim: -1}, [2, 3, 4], "float32", [-5.294928073883057, -1.5449281930923462, -3.2949280738830566, -0.2949281632900238, -1.6621532440185547, -3.4121532440185547, -0.4121532142162323, -2.1621532440185547, -3.2261457443237305, -0.22614578902721405, -1.9761457443237305, -3.7261457443237305, -2.215867519378662, -3.965867519378662, -0.21586759388446808, -2.715867519378662, -3.8632099628448486, -0.11320989578962326, -2.6132099628448486, -4.3632097244262695, -0.5323208570480347, -3.032320976257324, -4.782320976257324, -1.0323208570480347]],
  ["cumsum", {dim: -1}, [2, 3, 4], "float32", [-2.5, -1.25, -1.75, 0.75, 0.75, -0.25, 1.75, 2.0, -1.5, 0.0, -0.25, -2.25, 1.0, 0.25, 3.25, 3.75, -1.25, 1.25, 1.25, -0.5, 2.0, 1.5, -0.75, 0.75]],
  ["cumprod", {dim: -1}, [2, 3, 4], "float32", [-2.5, -3.125, 1.5625, 3.90625, 0.75, -0.75, -1.5, -0.375, -1.5, -2.25, 0.5625, -1.125, 1.0, -0.75, -2.25, -1.125, -1.25, -3.125, -0.0, 0.0, 2.0, -1.0, 2.25, 3.375]],
];

type Opts = Record<string, any>;
const RUN: Record<string, (x: Tensor, o: Opts) => Tensor> = {
  sum: (x, o) => sum(x, o),
  mean: (x, o) => mean(x, o),
  std: (x, o) => std(x, o),
  var: (x, o) => variance(x, o),
  norm: (x, o) => norm(x, o),
  logsumexp: (x, o) => logsumexp(x, o),
  all: (x, o) => all(gt(x, 0), o),
  any: (x, o) => any(gt(x, 0), o),
  prod: (x, o) => prod(x, o),
  argmax: (x, o) => argmax(x, o),
  argmin: (x, o) => argmin(x, o),
  max: (x) => max(x),
  min: (x) => min(x),
  "max.values": (x, o) => max(x, { dim: o.dim, keepdim: o.keepdim }).values,
  "max.indices": (x, o) => max(x, { dim: o.dim, keepdim: o.keepdim }).indices,
  "min.values": (x, o) => min(x, { dim: o.dim, keepdim: o.keepdim }).values,
  "min.indices": (x, o) => min(x, { dim: o.dim, keepdim: o.keepdim }).indices,
  softmax: (x, o) => softmax(x, o.dim),
  log_softmax: (x, o) => log_softmax(x, o.dim),
  cumsum: (x, o) => cumsum(x, o.dim),
  cumprod: (x, o) => cumprod(x, o.dim),
};

Deno.test("reductions over a [2, 3, 4] tensor match PyTorch", async (t) => {
  const contiguous = tensor(X, [2, 3, 4]);
  // The same values stored transposed ([4, 3, 2] contiguous, viewed back): exercises strided runs.
  const data = new Array<number>(24);
  for (let i = 0; i < 2; i++) {
    for (let j = 0; j < 3; j++) for (let k = 0; k < 4; k++) data[k * 6 + j * 2 + i] = X[i * 12 + j * 4 + k];
  }
  const strided = tensor(data, [4, 3, 2]).view([2, 3, 4], [1, 2, 6], 0);
  for (const [name, opts, shape, dtype, expected] of TABLE) {
    await t.step(`${name} ${JSON.stringify(opts)}`, () => {
      for (const x of [contiguous, strided]) assertTensor(RUN[name](x, opts), expected, { shape, dtype, rtol: 1e-6 });
    });
  }
});

Deno.test("reduction dtypes and options", async (t) => {
  await t.step("integer and bool sums and products are int64", () => {
    assertTensor(sum(tensor([true, true], [2], "bool")), [2], { dtype: "int64", shape: [] });
    assertTensor(sum(tensor([200, 100], [2], "uint8")), [300], { dtype: "int64" });
    assertTensor(prod(tensor([1, 2], [2], "int32")), [2], { dtype: "int64" });
    assertTensor(prod(tensor([true, true], [2], "bool")), [1], { dtype: "int64" });
    assertTensor(prod(tensor([1, 2, 3, 4], [2, 2], "int64"), { dim: 0, keepdim: true }), [3, 8], { shape: [1, 2] });
    assertTensor(cumsum(tensor([1, 2], [2], "int32"), 0), [1, 3], { dtype: "int64" });
    assertTensor(cumsum(tensor([true, true], [2], "bool"), 0), [1, 2], { dtype: "int64" });
    assertTensor(cumprod(tensor([true, false], [2], "bool"), 0), [1, 0], { dtype: "int64" });
    assertTensor(max(tensor([1, 2], [2], "int32")), [2], { dtype: "int32" });
    assertTensor(max(tensor([true, false], [2], "bool")), [1], { dtype: "bool" });
  });

  await t.step("dtype= casts before reducing", () => {
    const a = tensor([1, 2, 3, 4], [2, 2], "int64");
    assertTensor(sum(a, { dtype: "float32" }), [10], { dtype: "float32" });
    assertTensor(sum(tensor([1.5, 2, 3, 4], [2, 2]), { dtype: "int64" }), [10], { dtype: "int64" });
    assertTensor(mean(a, { dtype: "float32" }), [2.5], { dtype: "float32" });
    assertTensor(cumsum(tensor([1, 2]), 0, { dtype: "float64" }), [1, 3], { dtype: "float64" });
    assertTensor(softmax(tensor([1, 2], [2], "int64"), 0, { dtype: "float64" }), [
      0.2689414213699951,
      0.7310585786300049,
    ], {
      dtype: "float64",
      rtol: 1e-14,
    });
  });

  await t.step("all/any", () => {
    const b = tensor([true, false, true, true], [2, 2], "bool");
    assertTensor(all(b, { dim: 1 }), [0, 1], { dtype: "bool" });
    assertTensor(any(b, { dim: 0 }), [1, 1], { dtype: "bool" });
    assertTensor(all(tensor([1, 0, 2, 3], [2, 2], "uint8"), { dim: 1 }), [0, 1], { dtype: "uint8" });
    assertTensor(all(tensor([1, 0, 2, 3], [2, 2], "int64"), { dim: 1 }), [0, 1], { dtype: "bool" });
    assertTensor(any(tensor([0, 2], [2]), { dim: 0 }), [1], { dtype: "bool", shape: [] });
  });

  await t.step("var/std corrections", () => {
    assertTensor(variance(tensor([3, 4]), { dim: 0, correction: 2 }), [Infinity], { exact: true });
    assertTensor(variance(tensor([3, 4]), { dim: 0, correction: 0 }), [0.25], { exact: true });
    assertTensor(std(tensor([3, 3]), { dim: 0, correction: 2 }), [NaN], { exact: true });
    assertTensor(variance(tensor([3, 4]), { unbiased: false }), [0.25], { exact: true });
    assertTensor(std(tensor([1, 2, 4]), { unbiased: false }), [1.247219128924647], { rtol: 1e-6 });
    assertTensor(std(tensor([3])), [NaN], { exact: true });
  });

  await t.step("0-d inputs accept dim 0 and -1", () => {
    const s = tensor([-3], []);
    assertTensor(sum(s, { dim: 0 }), [-3], { shape: [] });
    assertTensor(sum(s, { dim: 0, keepdim: true }), [-3], { shape: [] });
    assertTensor(mean(s, { dim: -1, keepdim: true }), [-3], { shape: [] });
    assertTensor(norm(s), [3], { shape: [] });
    assertTensor(std(s, { dim: 0 }), [NaN], { exact: true });
    const m = max(s, { dim: 0 });
    assertTensor(m.values, [-3], { shape: [] });
    assertTensor(m.indices, [0], { shape: [], dtype: "int64" });
    assertTensor(argmax(s), [0], { shape: [] });
    assertTensor(softmax(s, 0), [1], { shape: [] });
    assertTensor(cumsum(s, 0), [-3], { shape: [] });
    assertTorchError(
      () => sum(s, { dim: 1 }),
      "IndexError",
      "Dimension out of range (expected to be in range of [-1, 0], but got 1)",
    );
  });

  await t.step("empty inputs", () => {
    const e = tensor([], [0]);
    assertTensor(sum(e), [0], { shape: [] });
    assertTensor(prod(e), [1], { shape: [] });
    assertTensor(mean(e), [NaN], { exact: true });
    assertTensor(std(e), [NaN], { exact: true });
    assertTensor(all(e), [1], { dtype: "bool" });
    assertTensor(norm(e), [0]);
    const e2 = tensor([], [2, 0]);
    assertTensor(sum(e2, { dim: 1 }), [0, 0], { shape: [2] });
    assertTensor(mean(e2, { dim: 1 }), [NaN, NaN], { exact: true });
    assertTensor(any(e2, { dim: 1 }), [0, 0], { dtype: "bool" });
    assertTensor(logsumexp(e2, { dim: 1 }), [-Infinity, -Infinity], { exact: true });
    assertTensor(cumsum(e, 0), [], { shape: [0] });
    assertTensor(softmax(e2, 1), [], { shape: [2, 0] });
    const m = max(tensor([], [0, 3]), { dim: 1 });
    assertTensor(m.values, [], { shape: [0] });
  });
});

Deno.test("max/min/argmax: NaN and ties", async (t) => {
  await t.step("NaN propagates and the first NaN is the index", () => {
    const x = tensor([1, NaN, 3, NaN, 3]);
    assertTensor(max(x), [NaN], { exact: true });
    assertTensor(min(x), [NaN], { exact: true });
    const m = max(x, { dim: 0 });
    assertTensor(m.values, [NaN], { exact: true });
    assertTensor(m.indices, [1], { exact: true });
    assertTensor(argmax(x), [1], { exact: true });
    assertTensor(argmin(x), [1], { exact: true });
    assertTensor(argmax(tensor([1, NaN, NaN, 2], [2, 2]), { dim: 1 }), [1, 0], { exact: true });
    assertTensor(sum(tensor([NaN, 1])), [NaN], { exact: true });
  });

  await t.step("ties: the first occurrence wins", () => {
    const y = tensor([1, 5, 5, 7, 2, 7], [2, 3]);
    const m = max(y, { dim: 1 });
    assertTensor(m.values, [5, 7], { exact: true });
    assertTensor(m.indices, [1, 0], { exact: true, dtype: "int64" });
    assertTensor(argmax(y), [3], { exact: true, shape: [] });
    assertTensor(argmax(y, { dim: 0 }), [1, 0, 1], { exact: true });
    assertTensor(argmax(y, { dim: 1, keepdim: true }), [1, 0], { shape: [2, 1] });
    assertTensor(argmax(y, { keepdim: true }), [3], { shape: [1, 1] });
    const n = min(y, { dim: 0, keepdim: true });
    assertTensor(n.values, [1, 2, 5], { shape: [1, 3] });
    assertTensor(n.indices, [0, 1, 0], { shape: [1, 3] });
    assertTensor(max(tensor([-0, 0]), { dim: 0 }).values, [-0], { exact: true });
    assertTensor(max(tensor([1, 5, 5, 1], [2, 2], "int64"), { dim: 0 }).indices, [1, 0]);
  });

  await t.step("max(a, b) is maximum", () => {
    assertTensor(max(tensor([1, 5]), tensor([3, 2])), [3, 5], { exact: true });
  });
});

Deno.test("softmax family: numerically stable", () => {
  assertTensor(softmax(tensor([1000, 1001]), 0), [0.2689414322376251, 0.7310585975646973], { rtol: 1e-6 });
  assertTensor(softmax(tensor([-Infinity, -Infinity]), 0), [NaN, NaN], { exact: true });
  assertTensor(softmax(tensor([1, Infinity]), 0), [NaN, NaN], { exact: true });
  assertTensor(log_softmax(tensor([1000, 1001]), 0), [-1.3132616281509399, -0.31326165795326233], { rtol: 1e-6 });
  assertTensor(logsumexp(tensor([Infinity, Infinity]), { dim: 0 }), [Infinity], { exact: true });
  assertTensor(logsumexp(tensor([-Infinity, -Infinity]), { dim: 0 }), [-Infinity], { exact: true });
  assertTensor(logsumexp(tensor([NaN, 1]), { dim: 0 }), [NaN], { exact: true });
  assertTensor(logsumexp(tensor([1, 2, 3, 4], [2, 2], "int64"), { dim: 1, keepdim: true }), [
    2.3132617473602295,
    4.31326150894165,
  ], {
    dtype: "float32",
    shape: [2, 1],
    rtol: 1e-6,
  });
});

Deno.test("reduction errors", () => {
  const a = tensor([1, 2, 3, 4, 5, 6], [2, 3]);
  assertTorchError(
    () => sum(a, { dim: 2 }),
    "IndexError",
    "Dimension out of range (expected to be in range of [-2, 1], but got 2)",
  );
  assertTorchError(() => sum(a, { dim: [0, -2] }), "RuntimeError", "dim 0 appears multiple times in the list of dims");
  assertTorchError(
    () => mean(tensor([1, 2], [2], "int64")),
    "RuntimeError",
    "mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: Long",
  );
  assertTorchError(
    () => mean(tensor([true], [1], "bool")),
    "RuntimeError",
    "mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: Bool",
  );
  assertTorchError(
    () => mean(a, { dtype: "int64" }),
    "RuntimeError",
    "mean(): could not infer output dtype. Optional dtype must be either a floating point or complex dtype. Got: Long",
  );
  const empty = tensor([], [0]);
  assertTorchError(
    () => max(empty),
    "RuntimeError",
    "max(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.",
  );
  assertTorchError(
    () => min(empty),
    "RuntimeError",
    "min(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.",
  );
  assertTorchError(
    () => argmax(empty),
    "IndexError",
    "argmax(): Expected reduction dim to be specified for input.numel() == 0.",
  );
  assertTorchError(
    () => argmin(empty),
    "IndexError",
    "argmin(): Expected reduction dim to be specified for input.numel() == 0.",
  );
  assertTorchError(
    () => max(tensor([], [0, 3]), { dim: 0 }),
    "IndexError",
    "max(): Expected reduction dim 0 to have non-zero size.",
  );
  assertTorchError(
    () => argmax(tensor([], [2, 0]), { dim: 1 }),
    "IndexError",
    "argmax(): Expected reduction dim 1 to have non-zero size.",
  );
  assertTorchError(
    () => argmax(tensor([true], [1], "bool")),
    "RuntimeError",
    `"argmax_cpu" not implemented for 'Bool'`,
  );
  const ints = tensor([1, 2], [2], "int64");
  assertTorchError(() => std(ints), "RuntimeError", "std and var only support floating point and complex dtypes");
  assertTorchError(() => variance(ints), "RuntimeError", "std and var only support floating point and complex dtypes");
  assertTorchError(
    () => norm(ints),
    "RuntimeError",
    "norm(): input dtype should be either floating point or complex. Got Long instead.",
  );
  assertTorchError(() => softmax(ints, 0), "RuntimeError", `"softmax_lastdim_kernel_impl" not implemented for 'Long'`);
  const ints2 = tensor([1, 2, 3, 4], [2, 2], "int64");
  assertTorchError(() => softmax(ints2, 0), "RuntimeError", `"softmax_kernel_impl" not implemented for 'Long'`);
  assertTorchError(
    () => log_softmax(ints2, 1),
    "RuntimeError",
    `"log_softmax_lastdim_kernel_impl" not implemented for 'Long'`,
  );
  assertTorchError(
    () => cumsum(tensor([1, 2]), 1),
    "IndexError",
    "Dimension out of range (expected to be in range of [-1, 0], but got 1)",
  );
  assert.ok(true);
});
