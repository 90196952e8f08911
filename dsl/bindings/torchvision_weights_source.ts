// Python source for torchvision's pretrained-weights plumbing and the resnet builders, evaluated into
// torchvision.models.resnet after RESNET_SOURCE. It follows torchvision 0.14.1 (models/_api.py,
// models/_utils.py, hub's load_state_dict_from_url) with one stand-in: tsl has no `enum`, so a weights
// enum is a class whose members are instances set as class attributes. `_download_to_cache` (native)
// returns the checkpoint's path in torch hub's cache, downloading it first when it is not there.
// _IMAGENET_CATEGORIES is set by the host (torchvision_imagenet_categories.ts).

export const WEIGHTS_SOURCE = `import warnings

class Weights:
    def __init__(self, url, meta):
        self.url = url
        self.meta = meta

    def __repr__(self):
        return f"Weights(url='{self.url}', meta={self.meta})"


class WeightsEnum:
    def __init__(self, name, value):
        self._name_ = name
        self._value_ = value

    @property
    def name(self):
        return self._name_

    @property
    def value(self):
        return self._value_

    @property
    def url(self):
        return self._value_.url

    @property
    def meta(self):
        return self._value_.meta

    @classmethod
    def from_str(cls, member):
        value = getattr(cls, member, None)
        if not isinstance(value, cls):
            raise ValueError(f"Unknown value '{member}' for {cls.__name__}.")
        return value

    @classmethod
    def verify(cls, obj):
        if obj is not None:
            if type(obj) is str:
                obj = cls.from_str(obj.replace(cls.__name__ + ".", ""))
            elif not isinstance(obj, cls):
                raise TypeError(
                    f"Invalid Weight class provided; expected {cls.__name__} but received {obj.__class__.__name__}."
                )
        return obj

    def get_state_dict(self, progress):
        return load_state_dict_from_url(self.url, progress=progress)

    def __repr__(self):
        return f"{self.__class__.__name__}.{self._name_}"

    def __str__(self):
        return f"{self.__class__.__name__}.{self._name_}"


def load_state_dict_from_url(url, model_dir=None, map_location=None, progress=True, check_hash=False, file_name=None):
    cached_file = _download_to_cache(url, model_dir, file_name)
    return torch.load(cached_file, map_location=map_location)


def _meta(num_params, acc1, acc5):
    return {"min_size": (1, 1), "categories": _IMAGENET_CATEGORIES, "num_params": num_params,
            "_metrics": {"ImageNet-1K": {"acc@1": acc1, "acc@5": acc5}}}


class ResNet18_Weights(WeightsEnum):
    pass


class ResNet34_Weights(WeightsEnum):
    pass


class ResNet50_Weights(WeightsEnum):
    pass


ResNet18_Weights.IMAGENET1K_V1 = ResNet18_Weights(
    "IMAGENET1K_V1", Weights("https://download.pytorch.org/models/resnet18-f37072fd.pth", _meta(11689512, 69.758, 89.078)))
ResNet18_Weights.DEFAULT = ResNet18_Weights.IMAGENET1K_V1
ResNet34_Weights.IMAGENET1K_V1 = ResNet34_Weights(
    "IMAGENET1K_V1", Weights("https://download.pytorch.org/models/resnet34-b627a593.pth", _meta(21797672, 73.314, 91.42)))
ResNet34_Weights.DEFAULT = ResNet34_Weights.IMAGENET1K_V1
ResNet50_Weights.IMAGENET1K_V1 = ResNet50_Weights(
    "IMAGENET1K_V1", Weights("https://download.pytorch.org/models/resnet50-0676ba61.pth", _meta(25557032, 76.13, 92.862)))
ResNet50_Weights.IMAGENET1K_V2 = ResNet50_Weights(
    "IMAGENET1K_V2", Weights("https://download.pytorch.org/models/resnet50-11ad3fa6.pth", _meta(25557032, 80.858, 95.434)))
ResNet50_Weights.DEFAULT = ResNet50_Weights.IMAGENET1K_V2


def _ovewrite_named_param(kwargs, param, new_value):
    if param in kwargs:
        if kwargs[param] != new_value:
            raise ValueError(f"The parameter '{param}' expected value {new_value} but got {kwargs[param]} instead.")
    else:
        kwargs[param] = new_value


def _legacy_arguments(builder_name, legacy_weights, args, kwargs):
    # torchvision's kwonly_to_pos_or_kw and handle_legacy_interface: positional arguments fill
    # weights and progress; pretrained=True/False becomes weights=<legacy weights>/None.
    names = ("weights", "progress")
    if len(args) > len(names):
        raise TypeError(f"{builder_name}() takes 0 positional arguments but {len(args)} were given")
    if args:
        used = names[: len(args)]
        listed = " and ".join(f"'{n}'" for n in used)
        warnings.warn(f"Using {listed} as positional parameter(s) is deprecated since 0.13 and may be removed in the future. "
              "Please use keyword parameter(s) instead.")
        for n, v in zip(used, args):
            if n in kwargs:
                raise TypeError(f"{builder_name}() got multiple values for argument '{n}'")
            kwargs[n] = v
    sentinel = object()
    weights_arg = kwargs.get("weights", sentinel)
    if not (
        ("weights" not in kwargs and "pretrained" not in kwargs)
        or isinstance(weights_arg, WeightsEnum)
        or (isinstance(weights_arg, str) and weights_arg != "legacy")
        or weights_arg is None
    ):
        pretrained_positional = weights_arg is not sentinel
        if pretrained_positional:
            kwargs["pretrained"] = pretrained_arg = kwargs.pop("weights")
        else:
            pretrained_arg = kwargs["pretrained"]
        default_weights_arg = legacy_weights if pretrained_arg else None
        if not pretrained_positional:
            warnings.warn("The parameter 'pretrained' is deprecated since 0.13 and may be removed in the future, "
                  "please use 'weights' instead.")
        msg = ("Arguments other than a weight enum or \`None\` for 'weights' are deprecated since 0.13 and "
               "may be removed in the future. "
               f"The current behavior is equivalent to passing \`weights={default_weights_arg}\`.")
        if pretrained_arg:
            msg = (f"{msg} You can also use \`weights={type(default_weights_arg).__name__}.DEFAULT\` "
                   "to get the most up-to-date weights.")
        warnings.warn(msg)
        del kwargs["pretrained"]
        kwargs["weights"] = default_weights_arg
    return kwargs.pop("weights", None), kwargs.pop("progress", True), kwargs


def _resnet(block, layers, weights, progress, **kwargs):
    if weights is not None:
        _ovewrite_named_param(kwargs, "num_classes", len(weights.meta["categories"]))

    model = ResNet(block, layers, **kwargs)

    if weights is not None:
        model.load_state_dict(weights.get_state_dict(progress=progress))

    return model


def resnet18(*args, **kwargs):
    weights, progress, kwargs = _legacy_arguments("resnet18", ResNet18_Weights.IMAGENET1K_V1, args, kwargs)
    weights = ResNet18_Weights.verify(weights)
    return _resnet(BasicBlock, [2, 2, 2, 2], weights, progress, **kwargs)


def resnet34(*args, **kwargs):
    weights, progress, kwargs = _legacy_arguments("resnet34", ResNet34_Weights.IMAGENET1K_V1, args, kwargs)
    weights = ResNet34_Weights.verify(weights)
    return _resnet(BasicBlock, [3, 4, 6, 3], weights, progress, **kwargs)


def resnet50(*args, **kwargs):
    weights, progress, kwargs = _legacy_arguments("resnet50", ResNet50_Weights.IMAGENET1K_V1, args, kwargs)
    weights = ResNet50_Weights.verify(weights)
    return _resnet(Bottleneck, [3, 4, 6, 3], weights, progress, **kwargs)
`;
