// The bad-input table: wrong calls across the torch API, each run as its own file `<name>.tsl`.
// The expected exception (Python type, message, and the snippet line the traceback names) comes from
// real PyTorch 1.13 through scripts/fixtures/make_bad_input_expectations.py into expected.json; only the
// mixed-device cases, which need CUDA, carry a hand-written expectation taken from PyTorch's source.

export interface BadInputCase {
  /** Unique; the snippet runs as `<name>.tsl`. */
  name: string;
  /** Python source; PRELUDE's imports are in scope. */
  code: string;
  /** "firstLine" compares only the message's first line (PyTorch's binder lists every overload after it). */
  compare?: "exact" | "firstLine";
  /** A regex for messages PyTorch itself varies (a Python set's order); PyTorch's must match it too. */
  pattern?: string;
  /** Why the case does not run on webgpu yet (the step shows as ignored). */
  notOnWebGPU?: string;
  /** Needs CUDA, absent on the oracle machine: PyTorch's message written by hand from its source. */
  handWritten?: { type: string; message: string; line: number; source: string };
}

export const PRELUDE = `import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim
from torch.utils.data import DataLoader, TensorDataset, random_split
`;

const c = (name: string, code: string, opts: Partial<BadInputCase> = {}): BadInputCase => ({ name, code, ...opts });
const firstLine = { compare: "firstLine" } as const;

// Index and loss-value checks on the GPU are asynchronous, in tsl's WebGPU backend as in PyTorch's CUDA
// one: the error comes at the next read. Those snippets read their result on the same line:
// .tolist(), since .item() of a float is itself deferred on WebGPU (dsl/bindings/lazy_item.ts).

// TensorIterator's same-device check (aten/src/ATen/TensorIterator.cpp, compute_types): the common
// device is the first non-CPU operand's, so cuda:0 comes first whatever the operand order.
const sameDevice = (line = 1) => ({
  handWritten: {
    type: "RuntimeError",
    message: "Expected all tensors to be on the same device, but found at least two devices, cuda:0 and cpu!",
    line,
    source: "aten/src/ATen/TensorIterator.cpp (TensorIteratorBase::compute_types)",
  },
});

const creation: BadInputCase[] = [
  c("zeros_negative_size", "torch.zeros(-1)"),
  c("ones_negative_size_2d", "torch.ones(2, -3)"),
  c("empty_negative_size", "torch.empty(-2)"),
  c("randn_negative_size", "torch.randn(3, -1)"),
  c("rand_negative_size", "torch.rand(-4)"),
  c("full_negative_size", "torch.full((-1, 2), 1.0)"),
  c("zeros_float_size", "torch.zeros(2.5)"),
  c("zeros_float_element", "torch.zeros(2, 1.5)"),
  c("full_float_element", "torch.full((2, 1.5), 1.0)"),
  c("randn_float_element", "torch.randn(2, 1.5)"),
  c("new_zeros_float_element", "torch.ones(2).new_zeros(2, 1.5)"),
  c("tensor_ragged", "torch.tensor([[1, 2], [3]])"),
  c("tensor_ragged_deep", "torch.tensor([[[1], [2]], [[3], [4, 5]]])"),
  c("tensor_str_element", 'torch.tensor([1, "a"])'),
  c("dtype_unknown_attr", "torch.float33"),
  c("arange_zero_step", "torch.arange(0, 10, 0)"),
  c("arange_wrong_sign", "torch.arange(0, 10, -1)"),
  c("linspace_negative_steps", "torch.linspace(0, 1, -1)"),
  c("eye_negative", "torch.eye(-1)"),
  c("randint_low_ge_high", "torch.randint(5, 2, (3,))"),
  c("zeros_like_list", "torch.zeros_like([1, 2])"),
  c("randperm_negative", "torch.randperm(-1)"),
  c("new_zeros_negative", "torch.ones(2).new_zeros(-1)"),
  c("device_unknown", 'torch.device("tpu")'),
  c("to_unknown_device", 'torch.ones(2).to("tpu")'),
  c("device_unknown_type_str", 'torch.ones(2, device="gpu0")'),
  c("type_unknown", 'torch.ones(2).type("foo")'),
  c("uniform_from_gt_to", "torch.ones(2).uniform_(1, 0)"),
  c("normal_inplace_negative_std", "torch.ones(2).normal_(0, -1)"),
];

const views: BadInputCase[] = [
  c("view_invalid_shape", "torch.arange(6).view(4, 2)"),
  c("reshape_invalid_shape", "torch.arange(6).reshape(5)"),
  c("view_two_inferred", "torch.arange(6).view(-1, -1)"),
  c("view_negative_dim", "torch.arange(6).view(-2, 3)"),
  c("view_non_contiguous", "x = torch.arange(6).view(2, 3).t()\nx.view(6)"),
  c("reshape_float_arg", "torch.ones(2).reshape(2.5)"),
  c("view_float_element", "torch.ones(2).view(2, 1.5)"),
  c("expand_float_element", "torch.ones(2).expand(2, 1.5)"),
  c("repeat_float_arg", "torch.ones(2).repeat(1.5)"),
  c("tile_float_arg", "torch.ones(2).tile(1.5)"),
  c("flip_float_arg", "torch.ones(2).flip(1.5)"),
  c("sum_float_dim_element", "torch.ones(2).sum((0, 1.5))"),
  c("flatten_dim_out_of_range", "torch.ones(2, 3).flatten(2)"),
  c("flatten_start_after_end", "torch.ones(2, 3, 4).flatten(2, 1)"),
  c("expand_mismatch", "torch.ones(3).expand(2, 4)"),
  c("expand_fewer_sizes", "torch.ones(2, 3).expand(3)"),
  c("split_zero", "torch.ones(4).split(0)"),
  c("chunk_zero", "torch.ones(4).chunk(0)"),
  c("narrow_too_long", "torch.ones(4).narrow(0, 2, 3)"),
  c("repeat_fewer_dims", "torch.ones(2, 3).repeat(2)"),
  c("squeeze_dim_out_of_range", "torch.ones(2, 1).squeeze(2)"),
  c("unsqueeze_dim_out_of_range", "torch.ones(2).unsqueeze(3)"),
  c("permute_wrong_count", "torch.ones(2, 3).permute(0)"),
  c("permute_float_dim", "torch.ones(2, 3).permute(0, 1.5)"),
  c("permute_repeated_dim", "torch.ones(2, 3).permute(0, 0)"),
  c("transpose_dim_out_of_range", "torch.ones(2, 3).transpose(0, 2)"),
  c("t_on_3d", "torch.ones(2, 3, 4).t()"),
  c("size_dim_out_of_range", "torch.ones(2).size(1)"),
  c("select_index_out_of_range", "torch.ones(2, 3).select(1, 5)"),
  c("unbind_dim_out_of_range", "torch.ones(2).unbind(1)"),
  c("movedim_out_of_range", "torch.ones(2, 3).movedim(0, 2)"),
];

const joins: BadInputCase[] = [
  c("cat_size_mismatch", "torch.cat([torch.ones(2, 3), torch.ones(2, 4)])"),
  c("cat_empty_list", "torch.cat([])"),
  c("cat_dim_out_of_range", "torch.cat([torch.ones(2), torch.ones(2)], dim=1)"),
  c("cat_rank_mismatch", "torch.cat([torch.ones(2, 3), torch.ones(3)])"),
  c("stack_size_mismatch", "torch.stack([torch.ones(2), torch.ones(3)])"),
  c("stack_empty_list", "torch.stack([])"),
  c("stack_dim_out_of_range", "torch.stack([torch.ones(2), torch.ones(2)], dim=3)"),
];

const indexing: BadInputCase[] = [
  c("index_out_of_range", "torch.ones(3)[5]"),
  c("index_negative_out_of_range", "torch.ones(3)[-4]"),
  c("too_many_indices", "torch.ones(3)[0, 1]"),
  c("index_second_dim_out_of_range", "torch.ones(2, 3)[1, 3]"),
  c("bool_mask_shape", "x = torch.ones(3)\nx[torch.tensor([True, False])]"),
  c("tensor_index_out_of_range", "torch.ones(3)[torch.tensor([0, 5])].tolist()"),
  c("float_tensor_index", "torch.ones(3)[torch.tensor([0.0])]"),
  c("setitem_shape_mismatch", "x = torch.zeros(3)\nx[:] = torch.ones(2)"),
  c("index_0d_tensor", "torch.tensor(1.0)[0]"),
  c("negative_step_slice", "torch.ones(3)[::-1]"),
  c("str_index", 'torch.ones(3)["a"]'),
  c("gather_float_index", "torch.ones(3).gather(0, torch.tensor([0.0]))"),
  c("gather_index_out_of_range", "torch.ones(3).gather(0, torch.tensor([5])).tolist()"),
  c("gather_rank_mismatch", "torch.ones(2, 3).gather(1, torch.tensor([0]))"),
  c("scatter_float_index", "torch.zeros(3).scatter(0, torch.tensor([0.0]), torch.ones(1))"),
  c("scatter_index_out_of_range", "torch.zeros(3).scatter(0, torch.tensor([4]), torch.ones(1)).tolist()"),
  c("scatter_src_dtype", "torch.zeros(3).scatter(0, torch.tensor([0]), torch.ones(1, dtype=torch.long))"),
  c("index_select_float_index", "torch.ones(3).index_select(0, torch.tensor([0.0]))"),
  c("index_select_out_of_range", "torch.ones(3).index_select(0, torch.tensor([3])).tolist()"),
  c("index_select_2d_index", "torch.ones(3).index_select(0, torch.tensor([[0]]))"),
  c("masked_fill_mask_shape", "torch.ones(3).masked_fill(torch.ones(2, dtype=torch.bool), 0.0)"),
  c("masked_fill_value_1d", "torch.ones(3).masked_fill(torch.ones(3) > 0, torch.ones(2))"),
  c("masked_select_float_mask", "torch.ones(3).masked_select(torch.ones(3))"),
  c("where_float_condition", "torch.where(torch.ones(2), torch.ones(2), torch.zeros(2))"),
];

const linalg: BadInputCase[] = [
  c("mm_shapes", "torch.mm(torch.ones(2, 3), torch.ones(2, 3))"),
  c("mm_1d", "torch.mm(torch.ones(3), torch.ones(3))"),
  c("mm_float_long", "torch.mm(torch.ones(2, 2), torch.ones(2, 2, dtype=torch.long))"),
  c("matmul_matrix_vector", "torch.matmul(torch.ones(2, 3), torch.ones(4))"),
  c("matmul_vectors", "torch.ones(3) @ torch.ones(4)"),
  c("matmul_0d", "torch.matmul(torch.tensor(1.0), torch.ones(2))"),
  c("matmul_batch_broadcast", "torch.matmul(torch.ones(2, 2, 3), torch.ones(3, 3, 4))"),
  c("bmm_2d", "torch.bmm(torch.ones(2, 3), torch.ones(3, 2))"),
  c("bmm_batch_mismatch", "torch.bmm(torch.ones(2, 3, 4), torch.ones(3, 4, 5))"),
  c("addmm_shapes", "torch.addmm(torch.ones(2, 2), torch.ones(2, 3), torch.ones(4, 2))"),
  c("dot_2d", "torch.dot(torch.ones(2, 2), torch.ones(2))"),
  c("dot_size_mismatch", "torch.dot(torch.ones(2), torch.ones(3))"),
  c("mv_size_mismatch", "torch.mv(torch.ones(2, 3), torch.ones(2))"),
  c("linear_functional_shapes", "F.linear(torch.ones(2, 3), torch.ones(4, 5))"),
];

const elementwise: BadInputCase[] = [
  c("add_broadcast", "torch.ones(2, 3) + torch.ones(4)"),
  c("mul_broadcast", "torch.ones(3, 2) * torch.ones(4, 2)"),
  c("add_inplace_broadcast", "x = torch.ones(3)\nx.add_(torch.ones(2, 3))"),
  c("where_broadcast", "torch.where(torch.ones(2) > 0, torch.ones(3), torch.ones(2))"),
  c("add_str", 'torch.ones(2) + "a"'),
  c("sub_bool", "torch.tensor([True]) - torch.tensor([False])"),
  c("neg_bool", "-torch.tensor([True])"),
  c("add_inplace_float_into_long", "x = torch.ones(2, dtype=torch.long)\nx.add_(torch.ones(2) * 0.5)"),
  c("bitwise_and_float", "torch.ones(2) & torch.ones(2)"),
  c("clamp_no_bounds", "torch.clamp(torch.ones(2))"),
  c("fill_1d_value", "torch.ones(2).fill_(torch.ones(2))"),
  c("copy_broadcast", "torch.ones(2).copy_(torch.ones(3))"),
  c("inplace_on_expanded", "torch.ones(1).expand(3).add_(1)"),
  c("add_too_many_args", "torch.add(torch.ones(1), torch.ones(1), torch.ones(1), 1)", firstLine),
  c("eq_broadcast", "torch.ones(2) == torch.ones(3)"),
  c("maximum_broadcast", "torch.maximum(torch.ones(2), torch.ones(3))"),
  c("pow_broadcast", "torch.ones(2) ** torch.ones(3)"),
];

const reductions: BadInputCase[] = [
  c("sum_dim_out_of_range", "torch.ones(2, 3).sum(dim=2)"),
  c("sum_repeated_dim", "torch.ones(2, 3).sum(dim=(0, 0))"),
  c("mean_long", "torch.tensor([1, 2]).mean()"),
  c("mean_int32", "torch.ones(2).to(torch.int32).mean()"),
  c("max_dim_out_of_range", "torch.ones(3).max(dim=1)"),
  c("argmax_dim_out_of_range", "torch.ones(2, 3).argmax(dim=-3)"),
  c("softmax_dim_out_of_range", "torch.ones(2, 3).softmax(dim=2)"),
  c("max_empty", "torch.tensor([]).max()"),
  c("argmax_empty", "torch.tensor([]).argmax()"),
  c("min_empty_dim", "torch.ones(0, 3).min(dim=0)"),
  c("std_dim_out_of_range", "torch.ones(2).std(dim=1)"),
  c("cumsum_dim_out_of_range", "torch.ones(2).cumsum(dim=1)"),
  c("logsumexp_dim_out_of_range", "torch.ones(2).logsumexp(dim=2)"),
  c("prod_dim_out_of_range", "torch.ones(2).prod(dim=1)"),
];

const scalars: BadInputCase[] = [
  c("item_multi_element", "torch.ones(2).item()"),
  c("item_empty", "torch.tensor([]).item()"),
  c("float_multi_element", "float(torch.ones(2))"),
  c("int_multi_element", "int(torch.ones(2))"),
  c("bool_multi_element", "bool(torch.ones(2))"),
  c("if_multi_element", "if torch.ones(2) > 0:\n    pass"),
  c("len_0d", "len(torch.tensor(1.0))"),
  c("iter_0d", "iter(torch.tensor(1.0))"),
];

const autograd: BadInputCase[] = [
  c("backward_non_scalar", "x = torch.ones(2, requires_grad=True)\n(x * 2).backward()"),
  c("backward_without_grad", "torch.ones(2).sum().backward()"),
  c("backward_twice", "x = torch.ones(2, requires_grad=True)\ny = (x * x).sum()\ny.backward()\ny.backward()"),
  c("backward_grad_shape", "x = torch.ones(2, requires_grad=True)\n(x * 2).backward(torch.ones(3))"),
  c("inplace_on_leaf", "x = torch.ones(2, requires_grad=True)\nx.add_(1)"),
  c("setitem_on_leaf", "x = torch.ones(2, requires_grad=True)\nx[0] = 1"),
  c("requires_grad_long", "torch.ones(2, dtype=torch.long).requires_grad_()"),
  c("tensor_long_requires_grad", "torch.tensor([1, 2], requires_grad=True)"),
  c("requires_grad_on_non_leaf", "x = torch.ones(2, requires_grad=True)\ny = x * 2\ny.requires_grad = False"),
  c("grad_assign_wrong_size", "x = torch.ones(2, requires_grad=True)\nx.grad = torch.ones(3)"),
  c("grad_assign_wrong_dtype", "x = torch.ones(2, requires_grad=True)\nx.grad = torch.ones(2, dtype=torch.float64)"),
  c("grad_assign_int", "x = torch.ones(2, requires_grad=True)\nx.grad = 5"),
  c(
    "autograd_grad_unused",
    "x = torch.ones(2, requires_grad=True)\nz = torch.ones(2, requires_grad=True)\ntorch.autograd.grad((x * 2).sum(), z)",
  ),
  c("autograd_grad_no_grad", "x = torch.ones(2)\ntorch.autograd.grad(x.sum(), x)"),
];

const p = "p = torch.ones(2, requires_grad=True)\n";
const optimizers: BadInputCase[] = [
  c("sgd_negative_lr", p + "optim.SGD([p], lr=-1)"),
  c("sgd_negative_momentum", p + "optim.SGD([p], lr=0.1, momentum=-0.5)"),
  c("sgd_negative_weight_decay", p + "optim.SGD([p], lr=0.1, weight_decay=-1)"),
  c("sgd_nesterov_without_momentum", p + "optim.SGD([p], lr=0.1, nesterov=True)"),
  c("sgd_missing_lr", p + "optim.SGD([p])"),
  c("sgd_empty_params", "optim.SGD([], lr=0.1)"),
  c("sgd_int_params", "optim.SGD([1, 2], lr=0.1)"),
  c("sgd_tensor_as_params", "optim.SGD(torch.ones(2), lr=0.1)"),
  c("sgd_non_leaf_param", "optim.SGD([torch.ones(2, requires_grad=True) * 2], lr=0.1)"),
  c("sgd_duplicate_param_groups", p + "optim.SGD([{'params': [p]}, {'params': [p]}], lr=0.1)"),
  c("sgd_too_many_args", p + "optim.SGD([p], 0.1, 0.9, 0, 0, True, 5)"),
  c("sgd_unexpected_keyword", p + "optim.SGD([p], lr=0.1, mom=0.9)"),
  c("adam_nan_lr", p + "optim.Adam([p], lr=float('nan'))"),
  c("adam_negative_lr", p + "optim.Adam([p], lr=-0.01)"),
  c("adam_beta1_one", p + "optim.Adam([p], betas=(1.0, 0.999))"),
  c("adam_beta2_negative", p + "optim.Adam([p], betas=(0.9, -0.1))"),
  c("adam_negative_eps", p + "optim.Adam([p], eps=-1)"),
  c("adam_negative_weight_decay", p + "optim.Adam([p], weight_decay=-0.5)"),
  c("adamw_negative_weight_decay", p + "optim.AdamW([p], weight_decay=-1)"),
  c("adamw_nan_lr", p + "optim.AdamW([p], lr=float('nan'))"),
  c("rmsprop_negative_alpha", p + "optim.RMSprop([p], alpha=-1)"),
  c("rmsprop_negative_momentum", p + "optim.RMSprop([p], momentum=-1)"),
  c("adagrad_negative_lr_decay", p + "optim.Adagrad([p], lr_decay=-1)"),
  c("adagrad_negative_lr", p + "optim.Adagrad([p], lr=-1)"),
  c("step_lr_missing_step_size", p + "opt = optim.SGD([p], lr=0.1)\noptim.lr_scheduler.StepLR(opt)"),
  c("step_lr_not_optimizer", "optim.lr_scheduler.StepLR(5, 1)"),
  c(
    "optimizer_state_dict_groups",
    p + "opt = optim.SGD([p], lr=0.1)\nopt.load_state_dict({'state': {}, 'param_groups': []})",
  ),
];

const layers: BadInputCase[] = [
  c("linear_input_features", "nn.Linear(3, 4)(torch.ones(2, 5))"),
  c("linear_negative_features", "nn.Linear(-1, 2)"),
  c("linear_long_input", "nn.Linear(2, 2)(torch.ones(1, 2, dtype=torch.long))"),
  c("linear_missing_out_features", "nn.Linear(3)"),
  c("linear_unexpected_keyword", "nn.Linear(3, 4, bais=False)"),
  c("linear_too_many_args", "nn.Linear(1, 2, True, None, None, 5)"),
  c("conv2d_missing_kernel_size", "nn.Conv2d(1, 1)"),
  c("module_call_without_input", "nn.Linear(2, 2)()"),
  c("module_forward_without_input", "nn.Linear(2, 2).forward()"),
  c("mse_loss_module_bad_reduction", 'nn.MSELoss(reduction="avg")(torch.ones(2), torch.ones(2))'),
  c("conv2d_wrong_channels", "nn.Conv2d(3, 8, 3)(torch.ones(1, 4, 8, 8))"),
  c("conv2d_kernel_bigger_than_input", "nn.Conv2d(1, 1, 5)(torch.ones(1, 1, 3, 3))"),
  c("conv2d_2d_input", "nn.Conv2d(1, 1, 3)(torch.ones(4, 4))"),
  c("conv2d_groups_not_dividing", "nn.Conv2d(3, 6, 3, groups=2)"),
  c("conv2d_padding_string", 'nn.Conv2d(1, 1, 3, padding="full")', {
    pattern: "^Invalid padding string 'full', should be one of \\{('valid', 'same'|'same', 'valid')\\}$",
  }),
  c("conv2d_same_strided", 'nn.Conv2d(1, 1, 3, padding="same", stride=2)'),
  c("conv1d_4d_input", "nn.Conv1d(1, 1, 3)(torch.ones(1, 1, 4, 4))"),
  c("conv2d_functional_weight_3d", "F.conv2d(torch.ones(1, 1, 4, 4), torch.ones(1, 3, 3))"),
  c("batchnorm2d_wrong_channels", "nn.BatchNorm2d(3)(torch.ones(2, 4, 2, 2))"),
  c("batchnorm2d_2d_input", "nn.BatchNorm2d(3)(torch.ones(2, 3))"),
  c("batchnorm1d_4d_input", "nn.BatchNorm1d(3)(torch.ones(2, 3, 4, 5))"),
  c("batchnorm1d_single_sample", "nn.BatchNorm1d(3)(torch.ones(1, 3))"),
  c("embedding_index_out_of_range", "nn.Embedding(5, 2)(torch.tensor([7])).tolist()"),
  c("embedding_float_indices", "nn.Embedding(5, 2)(torch.tensor([1.0]))"),
  c("maxpool2d_output_too_small", "nn.MaxPool2d(4)(torch.ones(1, 1, 2, 2))"),
  c("maxpool2d_padding_too_large", "nn.MaxPool2d(2, padding=2)(torch.ones(1, 1, 4, 4))"),
  c("avgpool2d_output_too_small", "nn.AvgPool2d(3)(torch.ones(1, 1, 2, 2))"),
  c("layernorm_wrong_shape", "nn.LayerNorm(4)(torch.ones(2, 3))"),
  c("dropout_p_too_large", "nn.Dropout(p=1.5)"),
  c("flatten_1d_input", "nn.Flatten()(torch.ones(2))"),
  c("module_missing_attribute", "nn.Linear(2, 2).foo"),
  c("load_state_dict_missing_keys", "nn.Linear(2, 2).load_state_dict({})"),
  c(
    "load_state_dict_size_mismatch",
    'nn.Linear(2, 2).load_state_dict({"weight": torch.ones(3, 3), "bias": torch.ones(2)})',
  ),
  c("sequential_index_out_of_range", "nn.Sequential(nn.ReLU())[3]"),
  c("add_module_dotted_name", 'nn.Module().add_module("a.b", nn.ReLU())'),
  c("assign_tensor_to_parameter", "m = nn.Linear(2, 2)\nm.weight = torch.ones(2, 2)"),
];

const losses: BadInputCase[] = [
  c("mse_loss_broadcast", "F.mse_loss(torch.ones(2, 3), torch.ones(3, 2))"),
  c("cross_entropy_class_out_of_range", "F.cross_entropy(torch.ones(2, 3), torch.tensor([0, 3])).tolist()"),
  c("cross_entropy_negative_class", "F.cross_entropy(torch.ones(2, 3), torch.tensor([-1, 0])).tolist()"),
  c("cross_entropy_batch_mismatch", "F.cross_entropy(torch.ones(2, 3), torch.tensor([0, 1, 2]))"),
  c("cross_entropy_bad_reduction", 'F.cross_entropy(torch.ones(2, 3), torch.tensor([0, 1]), reduction="avg")'),
  c("cross_entropy_long_input", "nn.CrossEntropyLoss()(torch.tensor([[1, 2]]), torch.tensor([0]))"),
  c("nll_loss_float_target", "F.nll_loss(torch.ones(2, 3), torch.tensor([0.0, 1.0]))"),
  c("nll_loss_3d_target_shape", "F.nll_loss(torch.ones(2, 3, 4), torch.zeros(2, 3, dtype=torch.long))"),
  c("nll_loss_weight_size", "F.nll_loss(torch.ones(2, 3), torch.tensor([0, 1]), weight=torch.ones(2))"),
  c("bce_size_mismatch", "F.binary_cross_entropy(torch.full((2,), 0.5), torch.ones(3))"),
  c("bce_input_out_of_range", "F.binary_cross_entropy(torch.tensor([1.5]), torch.tensor([1.0])).tolist()"),
  c("bce_with_logits_size_mismatch", "F.binary_cross_entropy_with_logits(torch.ones(2), torch.ones(3))"),
  c("mse_loss_module_float_target", "nn.MSELoss()(torch.ones(2), 1.0)"),
  c("l1_loss_broadcast", "F.l1_loss(torch.ones(2, 3), torch.ones(3, 2))"),
];

const functional: BadInputCase[] = [
  c("softmax_functional_dim", "F.softmax(torch.ones(2), dim=1)"),
  c("log_softmax_functional_dim", "F.log_softmax(torch.ones(2, 3), dim=5)"),
  c("relu_list", "F.relu([1.0])"),
  c("relu_unexpected_keyword", "F.relu(torch.ones(2), foo=1)"),
  c("cross_entropy_missing_target", "F.cross_entropy(torch.ones(2, 3))"),
  c("mse_loss_too_many_args", 'F.mse_loss(torch.ones(2), torch.ones(2), None, None, "mean", 5)'),
  c("pad_odd_length", "F.pad(torch.ones(2, 2), (1,))"),
  c("pad_too_long", "F.pad(torch.ones(2), (1, 1, 1, 1))"),
  c("max_pool2d_1d_input", "F.max_pool2d(torch.ones(4), 2)"),
  c("dropout_functional_negative_p", "F.dropout(torch.ones(2), p=-0.1)"),
  c("gelu_bad_approximate", 'F.gelu(torch.ones(2), approximate="x")'),
  c("embedding_functional_out_of_range", "F.embedding(torch.tensor([3]), torch.ones(2, 2)).tolist()"),
];

const data: BadInputCase[] = [
  c("dataloader_batch_size_zero", "ds = TensorDataset(torch.ones(4))\nDataLoader(ds, batch_size=0)"),
  c("dataloader_batch_size_negative", "ds = TensorDataset(torch.ones(4))\nDataLoader(ds, batch_size=-2)"),
  c("dataloader_batch_size_float", "ds = TensorDataset(torch.ones(4))\nDataLoader(ds, batch_size=1.5)"),
  c(
    "dataloader_sampler_and_shuffle",
    "ds = TensorDataset(torch.ones(4))\nDataLoader(ds, sampler=[0, 1], shuffle=True)",
  ),
  c(
    "dataloader_batch_sampler_and_batch_size",
    "ds = TensorDataset(torch.ones(4))\nDataLoader(ds, batch_sampler=[[0]], batch_size=2)",
  ),
  c("dataloader_unexpected_keyword", "ds = TensorDataset(torch.ones(4))\nDataLoader(ds, batchsize=2)"),
  c("dataloader_negative_workers", "ds = TensorDataset(torch.ones(4))\nDataLoader(ds, num_workers=-1)"),
  c("dataloader_ragged_collate", "list(DataLoader([torch.ones(2), torch.ones(3)], batch_size=2))"),
  c("tensor_dataset_size_mismatch", "TensorDataset(torch.ones(3), torch.ones(4))"),
  c("tensor_dataset_index_out_of_range", "TensorDataset(torch.ones(3))[5]"),
  c("random_split_bad_lengths", "random_split(TensorDataset(torch.ones(4)), [1, 1])"),
  c("load_missing_file", 'torch.load("/nonexistent/model.pt")'),
];

const devices: BadInputCase[] = [
  c("mixed_devices_add", 'torch.ones(2, device="cuda") + torch.ones(2, device="cpu")', sameDevice()),
  c("mixed_devices_cpu_first", 'torch.ones(2, device="cpu") + torch.ones(2, device="cuda")', sameDevice()),
  c("mixed_devices_mul", 'torch.ones(2, device="cuda") * torch.ones(2, device="cpu")', sameDevice()),
  c("mixed_devices_sub", "x = torch.ones(2, 2).cuda()\nx - torch.ones(2, 2).cpu()", sameDevice(2)),
  c("mixed_devices_maximum", 'torch.maximum(torch.ones(3, device="cuda"), torch.zeros(3, device="cpu"))', sameDevice()),
  c(
    "mixed_devices_where",
    "torch.where(torch.ones(2).cpu() > 0, torch.ones(2).cuda(), torch.zeros(2).cuda())",
    sameDevice(),
  ),
];

export const CASES: BadInputCase[] = [
  ...creation,
  ...views,
  ...joins,
  ...indexing,
  ...linalg,
  ...elementwise,
  ...reductions,
  ...scalars,
  ...autograd,
  ...optimizers,
  ...layers,
  ...losses,
  ...functional,
  ...data,
  ...devices,
];
