import torch
import torch.nn as nn

# This is a float32 problem: the reference convolution must run in float32. PyTorch lets cuDNN use TF32 for
# float32 convolutions by default; its rounding (~1e-3 relative) makes an exact float32 kernel miss the 1e-2
# tolerance on the N(0,1) x 1e3 trial wherever the output is near zero. Set once when the problem is imported.
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
