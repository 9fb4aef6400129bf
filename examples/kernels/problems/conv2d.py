import torch
import torch.nn as nn

# This is a float32 problem, so the reference convolution runs in float32: PyTorch lets cuDNN use TF32 for
# float32 convolutions by default. A TF32 reference is ~3e-4 off float64 (relative norm, vs ~2e-7 in float32),
# and the worker's precision check allows a candidate 10x the reference's own error: against a TF32 reference
# a kernel with bfloat16 inputs (~2e-3) would pass it. Set once when the problem is imported.
torch.backends.cudnn.allow_tf32 = False


class Model(nn.Module):
    """3x3 convolution, stride 1, padding 1, with bias."""

    def __init__(self, in_channels: int, out_channels: int):
        super().__init__()
        self.conv = nn.Conv2d(in_channels, out_channels, kernel_size=3, stride=1, padding=1, bias=True)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.conv(x)


batch_size = 16
in_channels = 8
out_channels = 16
height = 128
width = 128


def get_inputs():
    return [torch.randn(batch_size, in_channels, height, width)]


def get_init_inputs():
    return [in_channels, out_channels]
