import torch
import torch.nn as nn

# This is a float32 problem, so the reference convolution runs in float32: PyTorch lets cuDNN use TF32 for
# float32 convolutions by default. A TF32 reference is ~3e-4 off float64 (relative norm, vs ~2e-7 in float32),
# and the worker's precision check allows a candidate 10x the reference's own error: against a TF32 reference
# a kernel with bfloat16 inputs (~2e-3) would pass it. Set once when the problem is imported.
torch.backends.cudnn.allow_tf32 = False


class Model(nn.Module):
    """Depthwise 3x3 convolution (one filter per channel), stride 1, padding 1, with bias."""

    def __init__(self, channels: int):
        super().__init__()
        self.conv = nn.Conv2d(channels, channels, kernel_size=3, stride=1, padding=1, groups=channels, bias=True)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.conv(x)


batch_size = 16
channels = 64
height = 128
width = 128


def get_inputs():
    return [torch.randn(batch_size, channels, height, width)]


def get_init_inputs():
    return [channels]
