// The Python binding of the torch package: importing this registers the `torch` module.
// Files: torch_module.ts (the module), tensor_class.ts / tensor_methods.ts / shared_ops.ts (torch.Tensor),
// dtype_device.ts, size.ts (torch.Size, return_types), convert.ts (Python <-> runtime values).

import "../runtime/setup.ts"; // the object model first: binding files subclass its types (OrderedDict, ...)
import "../../runtime/autograd/record.ts"; // ops record the autograd graph
import "./torch_module.ts";
